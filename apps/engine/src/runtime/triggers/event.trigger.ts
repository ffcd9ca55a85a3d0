import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DomainEventBus } from '../../events/domain-event-bus';
import type { TrackedEvent } from '../../events/domain-events';
import { EnrollmentCoalescer } from './enrollment-coalescer';
import { FLOW_ENROLLER, type FlowEnroller } from './flow-enroller';
import { TriggerIndexService } from './trigger-index.service';
import type { TriggerIndex } from './trigger-index';

/** Goal and resume calls in flight at once for one batch of events. */
const EVENT_CALLS_IN_FLIGHT = 8;

/**
 * Tracked events → flows. For each stored batch (`customer.events-tracked`, published by ingest
 * after its commit): goals reached, waits for that event resumed, then new enrollments into the
 * active flows that start on that event name and whose property condition matches. The common
 * case — no flow cares about the event's name — is a Map lookup per event and no query, so
 * ingestion keeps its pace.
 */
@Injectable()
export class EventTrigger implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Triggers');
  private unsubscribe: (() => void) | null = null;
  private readonly coalescer: EnrollmentCoalescer;

  constructor(
    private readonly bus: DomainEventBus,
    private readonly triggers: TriggerIndexService,
    @Inject(FLOW_ENROLLER) private readonly enroller: FlowEnroller,
  ) {
    this.coalescer = new EnrollmentCoalescer(enroller, 'event', (flowId, customers, error) =>
      this.logger.error(`Enrolling ${customers} customers into flow ${flowId} on an event failed: ${error.message}`),
    );
  }

  onModuleInit(): void {
    this.unsubscribe = this.bus.subscribe('customer.events-tracked', ({ events }) => this.handle(events));
  }

  async onModuleDestroy(): Promise<void> {
    this.unsubscribe?.();
    await this.coalescer.flush();
  }

  async handle(events: readonly TrackedEvent[]): Promise<void> {
    const index = this.triggers.current();
    if (index.events.size === 0 && index.waitEventNames.size === 0 && index.goalEventNames.size === 0) return;
    const calls: Array<() => Promise<unknown>> = [];
    const enrollments = new Map<number, Set<number>>();
    for (const event of events) {
      // goal and resume first: an event that starts an enrollment must not also move it on
      if (index.goalEventNames.has(event.name)) calls.push(() => this.enroller.recordGoalEvent(event.customerId, event.name, event.occurredAt));
      if (index.waitEventNames.has(event.name)) calls.push(() => this.enroller.resumeWaitingForEvent(event.customerId, event.name, event.occurredAt));
      for (const flowId of matchingFlows(index, event)) {
        const ids = enrollments.get(flowId) ?? new Set<number>();
        ids.add(event.customerId);
        enrollments.set(flowId, ids);
      }
    }
    await runLimited(calls, EVENT_CALLS_IN_FLIGHT, (error) => this.logger.error(`A goal or wait for an event failed: ${error.message}`));
    // concurrent track calls share enroll calls (and so step jobs); each returns once its own are written
    await Promise.all([...enrollments].map(([flowId, customerIds]) => this.coalescer.enroll(flowId, customerIds)));
  }
}

/** The active flows this event starts: same name, and the property condition (if any) holds. */
export function matchingFlows(index: TriggerIndex, event: TrackedEvent): number[] {
  const triggers = index.events.get(event.name);
  if (!triggers) return [];
  const flows: number[] = [];
  for (const trigger of triggers) if (!trigger.matches || trigger.matches(event.properties ?? {})) flows.push(trigger.flowId);
  return flows;
}

/** Runs the calls with at most `limit` at once; a failing call is reported and the others go on. */
async function runLimited(calls: ReadonlyArray<() => Promise<unknown>>, limit: number, onError: (error: Error) => void): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < calls.length) {
      const call = calls[next++];
      await call().catch(onError);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, calls.length) }, lane));
}
