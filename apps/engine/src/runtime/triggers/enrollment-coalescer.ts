// Many tracked events a second that each start a flow would each be an enroll call and a step job
// of one enrollment: per-job overhead, not the work, would set the pace. Callers arriving within a
// few milliseconds share one enroll call per flow (so one step job carries all their enrollments),
// and each caller still resolves only once its customers are enrolled.
import { enrollInChunks, type EnrollmentSource, type FlowEnroller } from './flow-enroller';

/** How long a batch stays open for more callers (it is part of every caller's latency). */
export const ENROLLMENT_COALESCE_MS = 10;
/** A batch this large is enrolled at once. */
const MAX_BATCH_CUSTOMERS = 2_000;

interface Batch {
  byFlow: Map<number, Set<number>>;
  customers: number;
  done: Promise<void>;
  release: () => void;
}

export class EnrollmentCoalescer {
  private open: Batch | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly enroller: FlowEnroller,
    private readonly source: EnrollmentSource,
    private readonly onError: (flowId: number, customers: number, error: Error) => void,
  ) {}

  /** Resolves when these customers' enrollments are written (or failed and were reported). */
  enroll(flowId: number, customerIds: Iterable<number>): Promise<void> {
    const batch = this.current();
    const ids = batch.byFlow.get(flowId) ?? new Set<number>();
    for (const id of customerIds) {
      if (!ids.has(id)) batch.customers++;
      ids.add(id);
    }
    batch.byFlow.set(flowId, ids);
    if (batch.customers >= MAX_BATCH_CUSTOMERS) this.flush();
    return batch.done;
  }

  /** Enrolls the open batch now (tests, shutdown). */
  flush(): Promise<void> {
    const batch = this.open;
    if (!batch) return Promise.resolve();
    this.open = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    void this.write(batch).finally(batch.release);
    return batch.done;
  }

  private current(): Batch {
    if (this.open) return this.open;
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    this.open = { byFlow: new Map(), customers: 0, done, release };
    this.timer = setTimeout(() => void this.flush(), ENROLLMENT_COALESCE_MS);
    return this.open;
  }

  private async write(batch: Batch): Promise<void> {
    await Promise.all(
      [...batch.byFlow].map(async ([flowId, ids]) => {
        try {
          await enrollInChunks(this.enroller, { flowId, customerIds: [...ids], source: this.source });
        } catch (error) {
          this.onError(flowId, ids.size, error as Error);
        }
      }),
    );
  }
}
