import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { MembershipRefresher, type RefreshResult } from './membership-refresher';
import type { RefreshCause } from './segment-catalog';

interface Pending {
  all: boolean;
  segmentIds: Set<number>;
  causes: Set<RefreshCause>;
  customerIds: Set<number>;
  waiters: Array<{ resolve: (results: RefreshResult[]) => void; reject: (error: unknown) => void }>;
}

const emptyPending = (): Pending => ({ all: false, segmentIds: new Set(), causes: new Set(), customerIds: new Set(), waiters: [] });

/**
 * A small in-process queue that runs one refresh at a time, so two refreshes never diff the same
 * segment concurrently. Requests that arrive while a refresh runs are coalesced into the next
 * batch: a full refresh absorbs everything; segment ids and customer ids are merged.
 * BullMQ (durable, several workers) comes with the flows issue; this queue is its in-process stand-in.
 */
@Injectable()
export class SegmentRefreshQueue implements OnModuleDestroy {
  private readonly logger = new Logger('Segments');
  private pending = emptyPending();
  private running: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly refresher: MembershipRefresher) {}

  /** Every active segment, for every customer. */
  enqueueAll(): Promise<RefreshResult[]> {
    return this.enqueue((p) => (p.all = true));
  }

  /** These segments (and the ones that depend on them), for every customer. */
  enqueueSegments(segmentIds: readonly number[]): Promise<RefreshResult[]> {
    return this.enqueue((p) => segmentIds.forEach((id) => p.segmentIds.add(id)));
  }

  /** The segments (and their dependents) that new facts or new scores can change. */
  enqueueAffectedBy(cause: RefreshCause): Promise<RefreshResult[]> {
    return this.enqueue((p) => p.causes.add(cause));
  }

  /** These customers against every active segment (new data for them arrived). */
  enqueueCustomers(customerIds: readonly number[]): Promise<RefreshResult[]> {
    return this.enqueue((p) => customerIds.forEach((id) => p.customerIds.add(id)));
  }

  /** Resolves when nothing is queued or running (tests, shutdown). */
  async whenIdle(): Promise<void> {
    while (this.running) await this.running;
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    await this.whenIdle();
  }

  private enqueue(add: (pending: Pending) => void): Promise<RefreshResult[]> {
    if (this.closed) return Promise.resolve([]);
    add(this.pending);
    const done = new Promise<RefreshResult[]>((resolve, reject) => this.pending.waiters.push({ resolve, reject }));
    if (!this.running) this.running = this.drain().finally(() => (this.running = undefined));
    return done;
  }

  private async drain(): Promise<void> {
    // yield once so requests made in the same tick land in the same batch
    await Promise.resolve();
    while (this.pending.waiters.length) {
      const batch = this.pending;
      this.pending = emptyPending();
      try {
        const results = await this.runBatch(batch);
        for (const waiter of batch.waiters) waiter.resolve(results);
      } catch (error) {
        this.logger.error(`Segment refresh failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
        for (const waiter of batch.waiters) waiter.reject(error);
      }
    }
  }

  private async runBatch(batch: Pending): Promise<RefreshResult[]> {
    if (batch.all) return this.refresher.refreshSegments('all');
    const results: RefreshResult[] = [];
    if (batch.segmentIds.size || batch.causes.size) results.push(...(await this.refresher.refreshSegments([...batch.segmentIds], [...batch.causes])));
    if (batch.customerIds.size) results.push(...(await this.refresher.refreshCustomers([...batch.customerIds])));
    return results;
  }
}
