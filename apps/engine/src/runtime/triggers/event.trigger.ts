import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ENV } from '../../config/config.module';
import type { Env } from '../../config/env';
import { PrismaService } from '../../database/prisma.service';
import type { TrackedEvent } from '../../events/domain-events';
import { FlowEventOutbox } from '../../events/flow-event-outbox';
import { listenForStagedEvents, type OutboxListener } from '../../events/outbox-notifications';
import { inPoolTransaction, isTransient } from '../../ingest/pg-transaction';
import { hasRole } from '../roles';
import { FLOW_ENROLLER, type TransactionalFlowEnroller } from './flow-enroller';
import { TriggerIndexService } from './trigger-index.service';
import type { TriggerIndex } from './trigger-index';

/** Outbox rows taken per transaction (one enroll statement per flow for all of them). */
const DISPATCH_BATCH = 2_000;
/** Times a staged event may fail on its own before it is parked. */
export const MAX_ATTEMPTS = 5;
/** How often a worker looks for rows it was not told of (a lost notification, a crash). */
export const OUTBOX_POLL_MS = 250;

interface OutboxRow {
  customerId: number;
  name: string;
  properties: Record<string, unknown>;
  occurredAt: Date;
}

/**
 * Tracked events → flows, from the outbox ingestion writes in the events' own transaction
 * (FlowEventOutbox). In processes with the worker role, a dispatcher takes the staged rows in
 * batches, and in ONE transaction deletes them and acts on them: goals reached, waits for that
 * event resumed, then new enrollments into the active flows that start on that name and whose
 * property condition matches. A crash rolls the whole batch back, so every staged event is acted
 * on exactly once. The step jobs are enqueued after the commit (the reconciler covers a lost one).
 *
 * It wakes at once when this process staged rows or another one's staging committed (PostgreSQL
 * NOTIFY, see outbox-notifications.ts), and polls for anything missed. Events that arrive
 * while a batch runs make up the next one, so under load one step job carries many enrollments.
 */
@Injectable()
export class EventTrigger implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Triggers');
  private unsubscribe: (() => void) | null = null;
  private listener: OutboxListener | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly prisma: PrismaService,
    private readonly outbox: FlowEventOutbox,
    private readonly triggers: TriggerIndexService,
    @Inject(FLOW_ENROLLER) private readonly enroller: TransactionalFlowEnroller,
    @Inject(ENV) private readonly env: Env,
  ) {}

  onModuleInit(): void {
    if (!hasRole(this.env, 'worker')) return;
    this.unsubscribe = this.outbox.onCommitted(() => this.wake());
    const connectionString = this.prisma.pool.options.connectionString;
    if (connectionString) this.listener = listenForStagedEvents(connectionString, () => this.wake());
    this.timer = setInterval(() => this.wake(), OUTBOX_POLL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    await this.listener?.close();
    await this.running;
  }

  /** Dispatches until the outbox is empty (tests wait for a track call's consequences with it). */
  async drain(): Promise<void> {
    await this.running;
    while ((await this.dispatchBatch()) > 0);
  }

  private wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => (this.running = null));
  }

  private async loop(): Promise<void> {
    for (;;) {
      this.again = false;
      let taken = 0;
      try {
        taken = await this.dispatchBatch();
      } catch (error) {
        this.logger.error(`Acting on tracked events failed (they stay staged and are tried again): ${(error as Error).message}`);
        return;
      }
      if (this.stopped || (taken < DISPATCH_BATCH && !this.again)) return;
    }
  }

  /**
   * One batch of staged events, acted on and deleted in one transaction; returns how many rows it
   * dealt with. If the batch fails, its rows are taken one by one, each in its own transaction, so
   * one bad row cannot hold up the others: a row that fails alone records the error, waits before
   * its next try (250 ms, doubling) and after MAX_ATTEMPTS is parked (skipped until someone clears
   * parked_at). Failures that pass by themselves (isTransient: deadlock, a customer merged away
   * meanwhile, a timeout, a lost connection) are not counted: the row is simply tried again.
   */
  async dispatchBatch(): Promise<number> {
    let done: Dispatched;
    try {
      done = await this.dispatch(null);
    } catch (error) {
      this.logger.warn(`A batch of tracked events failed (${(error as Error).message}); acting on them one by one.`);
      return this.dispatchOneByOne();
    }
    await this.enroller.enqueueSteps(done.toStep);
    return done.taken;
  }

  private async dispatchOneByOne(): Promise<number> {
    const { rows } = await this.prisma.pool.query<{ id: string }>(`SELECT id FROM flow_event_outbox WHERE ${DUE} ORDER BY id LIMIT ${DISPATCH_BATCH}`);
    for (const { id } of rows) {
      let done: Dispatched;
      try {
        done = await this.dispatch(id);
      } catch (error) {
        if (isTransient(error)) this.logger.warn(`Tracked event ${id} could not be acted on for now (${(error as Error).message}); it is tried again.`);
        else await this.recordFailure(id, (error as Error).message);
        continue;
      }
      await this.enroller.enqueueSteps(done.toStep);
    }
    return rows.length;
  }

  private async recordFailure(id: string, message: string): Promise<void> {
    // parked_at IS NULL: two workers failing on the same row at once count once after parking
    const { rows } = await this.prisma.pool.query<{ customerId: number; name: string; attempts: number }>(
      `UPDATE flow_event_outbox SET attempts = attempts + 1, last_error = $2,
              retry_at = now() + interval '250 milliseconds' * power(2, least(attempts, 10)),
              parked_at = CASE WHEN attempts + 1 >= $3 THEN now() END
        WHERE id = $1 AND parked_at IS NULL RETURNING customer_id AS "customerId", name, attempts`,
      [id, message, MAX_ATTEMPTS],
    );
    const row = rows[0];
    if (!row) return;
    if (row.attempts >= MAX_ATTEMPTS) {
      this.logger.error(
        `Tracked event "${row.name}" of customer ${row.customerId} failed ${row.attempts} times and is parked (flow_event_outbox id ${id}): ${message}. ` +
          'Fix the cause, then set its parked_at to NULL and attempts to 0 to try it again.',
      );
    } else {
      this.logger.warn(`Tracked event "${row.name}" of customer ${row.customerId} failed (try ${row.attempts} of ${MAX_ATTEMPTS}): ${message}`);
    }
  }

  /** Acts on the next batch of due rows (or on the one row `id`) and deletes them, in one transaction; the caller enqueues `toStep` after. */
  private async dispatch(id: string | null): Promise<Dispatched> {
    const index = this.triggers.current();
    return inPoolTransaction(this.prisma.pool, async (client) => {
      const { rows } = await client.query<OutboxRow>(
        `DELETE FROM flow_event_outbox WHERE id IN (
           SELECT id FROM flow_event_outbox WHERE ${DUE} AND ($1::bigint IS NULL OR id = $1) ORDER BY id LIMIT ${DISPATCH_BATCH} FOR UPDATE SKIP LOCKED)
         RETURNING customer_id AS "customerId", name, properties, occurred_at AS "occurredAt"`,
        [id],
      );
      if (!rows.length) return { taken: 0, toStep: [] as string[] };
      const toStep: string[] = [];
      const enrollments = new Map<number, Set<number>>();
      for (const event of rows) {
        // goal and resume first: an event that starts an enrollment must not also move it on
        if (index.goalEventNames.has(event.name)) await this.enroller.recordGoalOn(client, event.customerId, event.name, event.occurredAt);
        if (index.waitEventNames.has(event.name)) toStep.push(...(await this.enroller.resumeOn(client, event.customerId, event.name, event.occurredAt)));
        for (const flowId of matchingFlows(index, event)) {
          const ids = enrollments.get(flowId) ?? new Set<number>();
          ids.add(event.customerId);
          enrollments.set(flowId, ids);
        }
      }
      for (const [flowId, customerIds] of enrollments) {
        const { enrolledIds } = await this.enroller.enrollOn(client, { flowId, customerIds: [...customerIds], source: 'event' }, { explainSkips: false });
        toStep.push(...enrolledIds);
      }
      return { taken: rows.length, toStep };
    });
  }
}

interface Dispatched {
  taken: number;
  toStep: string[];
}

/** Rows the dispatcher may take now: not parked, and not waiting out a backoff. */
const DUE = `parked_at IS NULL AND (retry_at IS NULL OR retry_at <= now())`;

/** The active flows this event starts: same name, and the property condition (if any) holds. */
export function matchingFlows(index: TriggerIndex, event: TrackedEvent): number[] {
  const triggers = index.events.get(event.name);
  if (!triggers) return [];
  const flows: number[] = [];
  for (const trigger of triggers) if (!trigger.matches || trigger.matches(event.properties ?? {})) flows.push(trigger.flowId);
  return flows;
}
