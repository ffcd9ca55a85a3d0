import { Injectable, Logger, OnModuleDestroy, OnModuleInit, Inject } from '@nestjs/common';
import { DomainEventBus } from '../../events/domain-event-bus';
import type { SegmentMembershipChange } from '../../events/domain-events';
import { enrollInChunks, FLOW_ENROLLER, type FlowEnroller } from './flow-enroller';
import { TriggerIndexService } from './trigger-index.service';

/** How long entries are collected before they are enrolled: one refresh's entries become a few enroll calls. */
export const SEGMENT_ENTRIES_COALESCE_MS = 300;
/** Pending entries that cause an immediate flush (bounds memory on a refresh of millions). */
const MAX_PENDING = 50_000;

/**
 * Segment entered → enroll. The segments module publishes one `segment.entered` per new member;
 * this collects them per segment for a few hundred milliseconds and enrolls each batch into the
 * active flows whose current version starts on that segment.
 */
@Injectable()
export class SegmentEnteredTrigger implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Triggers');
  /** segment id → the entries not enrolled yet */
  private pending = new Map<number, Array<{ customerId: number; at: Date }>>();
  private pendingCount = 0;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly bus: DomainEventBus,
    private readonly triggers: TriggerIndexService,
    @Inject(FLOW_ENROLLER) private readonly enroller: FlowEnroller,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.bus.subscribe('segment.entered', (change) => this.add(change));
  }

  async onModuleDestroy(): Promise<void> {
    this.unsubscribe?.();
    await this.flush();
  }

  add(change: SegmentMembershipChange): void {
    const entries = this.pending.get(change.segmentId) ?? [];
    entries.push({ customerId: change.customerId, at: change.at });
    this.pending.set(change.segmentId, entries);
    if (++this.pendingCount >= MAX_PENDING) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), SEGMENT_ENTRIES_COALESCE_MS);
  }

  /** Enrolls what is pending now; resolves when it and every earlier flush are done (tests wait on it). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batches = this.pending;
    this.pending = new Map();
    this.pendingCount = 0;
    this.flushing = this.flushing.then(() => this.enrollBatches(batches));
    return this.flushing;
  }

  private async enrollBatches(batches: Map<number, Array<{ customerId: number; at: Date }>>): Promise<void> {
    if (batches.size === 0) return;
    // the flows are looked up when enrolling, so a flow published a moment ago is not missed
    const index = await this.triggers.refresh().catch(() => this.triggers.current());
    for (const [segmentId, entries] of batches) {
      for (const flowId of index.segmentEntered.get(segmentId) ?? []) {
        // an entry from before the flow went live (the event was still pending when it was published) does not start it
        const since = index.liveSince.get(flowId);
        const customerIds = [...new Set(entries.filter((entry) => !since || entry.at >= since).map((entry) => entry.customerId))];
        if (!customerIds.length) continue;
        try {
          const result = await enrollInChunks(this.enroller, { flowId, customerIds, source: 'segment-entered' });
          this.logger.debug(`Segment ${segmentId} → flow ${flowId}: ${result.enrolled} enrolled, ${result.skipped.length} skipped`);
        } catch (error) {
          this.logger.error(`Enrolling segment ${segmentId}'s new members into flow ${flowId} failed: ${(error as Error).message}`);
        }
      }
    }
  }
}
