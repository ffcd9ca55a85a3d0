// Putting customers into a flow, and the two events that move waiting enrollments on. Every write
// is a bulk statement; the stepping itself happens in step jobs (StepRunner).
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { ENV } from '../../config/config.module';
import type { Env } from '../../config/env';
import { DomainError } from '../../common/errors/domain-error';
import { inPoolTransaction } from '../../ingest/pg-transaction';
import { PrismaService } from '../../database/prisma.service';
import { Clock } from '../clock';
import { insertOutcomes } from '../outcomes-writer';
import { RuntimeVersions } from '../runtime-versions';
import { currentArm } from '../stepping/advance-enrollment';
import type { GoalState, OutcomeRecord, WaitState } from '../stepping/enrollment-state';
import { StepJobs } from '../stepping/step-jobs';
import { holdoutPercentOf, splitEntrants } from './holdout';
import { reEntryCondition } from './re-entry';

export type EnrollmentSource = 'segment-entered' | 'event' | 'schedule' | 'manual';
export type EnrollSkipReason = 'not-active' | 're-entry' | 'already-enrolled' | 'unknown-customer' | 'global-control';

export interface EnrollRequest {
  flowId: number;
  customerIds: readonly number[];
  source: EnrollmentSource;
  /** When they entered (default: the runtime clock's now). */
  at?: Date;
}

export interface EnrollResult {
  enrolled: number;
  skipped: { customerId: number; reason: EnrollSkipReason }[];
}

/** Where the statements run: the pool (each on its own), or a client inside the caller's transaction. */
type Db = Pool | PoolClient;

/** Customers per INSERT statement (bounds one statement's memory and locks). */
const ENROLL_CHUNK = 50_000;
const MAX_INT4 = 2_147_483_647;

interface ResumableRow {
  id: string;
  flowId: number;
  flowVersionId: number;
  customerId: number;
  currentNodeId: string;
  variants: Record<string, string>;
  path: string[];
  wait: WaitState | null;
  goal: GoalState | null;
}

@Injectable()
export class EnrollmentsService {
  private readonly logger = new Logger('Runtime');

  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly versions: RuntimeVersions,
    private readonly jobs: StepJobs,
    @Inject(ENV) private readonly env: Env,
  ) {}

  /**
   * Enrolls customers into an active flow's current published version, applying the trigger's
   * re-entry policy. Customers it cannot enroll are listed with the reason. Customers in the
   * global control group are never enrolled; those in the flow's holdout are enrolled as
   * `held-out` (finished at once, no step ever runs for them) so the lift report can count them.
   */
  async enroll(request: EnrollRequest): Promise<EnrollResult> {
    const { result, enrolledIds } = await this.enrollOn(this.prisma.pool, request);
    await this.enqueueSteps(enrolledIds);
    return result;
  }

  /**
   * `enroll` on `db` (a client in the caller's transaction, so the enrollments commit with the
   * caller's other writes); the caller enqueues `enrolledIds` after its commit (enqueueSteps).
   */
  async enrollOn(db: Db, request: EnrollRequest, options: { explainSkips?: boolean } = {}): Promise<{ result: EnrollResult; enrolledIds: string[] }> {
    const explainSkips = options.explainSkips ?? true;
    const { rows: flows } = await db.query<{ id: number; status: string; currentVersionId: number | null }>(
      `SELECT id, status::text, current_version_id AS "currentVersionId" FROM flows WHERE id = $1`,
      [request.flowId],
    );
    const flow = flows[0];
    if (!flow) throw new DomainError('NOT_FOUND', `Flow ${request.flowId} does not exist.`);
    const customerIds = [...new Set(request.customerIds)];
    if (flow.status !== 'active' || flow.currentVersionId === null) {
      return { result: { enrolled: 0, skipped: customerIds.map((customerId) => ({ customerId, reason: 'not-active' as const })) }, enrolledIds: [] };
    }
    const version = await this.versions.get(flow.currentVersionId);
    if (!version.triggerNodeId) return { result: { enrolled: 0, skipped: customerIds.map((customerId) => ({ customerId, reason: 'not-active' as const })) }, enrolledIds: [] };
    const at = request.at ?? this.clock.now();
    const valid: number[] = [];
    const result: EnrollResult = { enrolled: 0, skipped: [] };
    // one pass (a filter with includes was quadratic: seconds per 50,000 customers)
    for (const id of customerIds) {
      if (Number.isInteger(id) && id > 0 && id <= MAX_INT4) valid.push(id);
      else result.skipped.push({ customerId: id, reason: 'unknown-customer' });
    }
    const holdoutPercent = holdoutPercentOf(version.definition);
    const split = splitEntrants(flow.id, valid, holdoutPercent, this.env.RETAIN_GLOBAL_CONTROL_PERCENT);
    for (const customerId of split.globalControl) result.skipped.push({ customerId, reason: 'global-control' });
    const entrants = [...split.treated, ...split.heldOut].sort((a, b) => a - b);
    const enrolledIds: string[] = [];
    for (let start = 0; start < entrants.length; start += ENROLL_CHUNK) {
      const chunk = entrants.slice(start, start + ENROLL_CHUNK);
      const chunkSet = new Set(chunk);
      const heldOut = split.heldOut.filter((id) => chunkSet.has(id));
      const inserted = await this.insertChunk(db, flow.id, version.id, version.triggerNodeId, reEntryCondition(version.reEntry), chunk, request.source, at, heldOut, holdoutPercent);
      const enrolledCustomers = new Set(inserted.map((row) => row.customerId));
      for (const row of inserted) if (!row.heldOut) enrolledIds.push(row.id);
      result.enrolled += inserted.length;
      const left = chunk.filter((id) => !enrolledCustomers.has(id));
      if (left.length && explainSkips) result.skipped.push(...(await this.whySkipped(db, flow.id, left)));
    }
    return { result, enrolledIds };
  }

  /** Step jobs for new or resumed enrollments (after their commit); a failure is left to the reconciler. */
  async enqueueSteps(ids: readonly string[]): Promise<void> {
    if (!ids.length) return;
    await this.jobs.enrollments(ids, this.env.RETAIN_RUNTIME_BATCH_SIZE).catch((error) => this.logger.warn(`Could not enqueue enrollments (the reconciler will): ${error.message}`));
  }

  /** Enrollments of this customer waiting for this event go on along their `event` output. */
  async resumeWaitingForEvent(customerId: number, eventName: string, at: Date): Promise<number> {
    const ids = await inPoolTransaction(this.prisma.pool, (client) => this.resumeOn(client, customerId, eventName, at));
    await this.enqueueSteps(ids);
    return ids.length;
  }

  /** `resumeWaitingForEvent` inside the caller's transaction; returns the ids to enqueue after its commit. */
  async resumeOn(client: PoolClient, customerId: number, eventName: string, at: Date): Promise<string[]> {
    const { rows } = await client.query<ResumableRow>(
      `SELECT id::text AS id, flow_id AS "flowId", flow_version_id AS "flowVersionId", customer_id AS "customerId", current_node_id AS "currentNodeId", variants, path, wait, goal
       FROM enrollments WHERE customer_id = $1 AND status = 'waiting' AND wait_event_name = $2 AND (wait->>'timeoutAt')::timestamptz >= $3
         AND (wait->>'since' IS NULL OR (wait->>'since')::timestamptz <= $3)
       FOR UPDATE`,
      [customerId, eventName, at],
    );
    const resumed = rows.filter((row) => row.wait?.kind === 'event');
    if (!resumed.length) return [];
    const now = this.clock.now();
    const outcomes: OutcomeRecord[] = [];
    for (const row of resumed) {
      const wait = row.wait as Extract<WaitState, { kind: 'event' }>;
      const arm = currentArm((await this.versions.get(row.flowVersionId)).definition, row.path, row.variants);
      const base = { enrollmentId: row.id, flowId: row.flowId, flowVersionId: row.flowVersionId, customerId: row.customerId, ...arm, occurredAt: at };
      outcomes.push({ ...base, nodeId: row.currentNodeId, kind: 'resumed', detail: { eventName, onEvent: wait.onEvent } });
    }
    // the step run that follows moves on to `onEvent` and records it there
    await client.query(
      `UPDATE enrollments SET status = 'active', wait = jsonb_build_object('kind', 'resumed', 'eventName', $3::text, 'then', wait->>'onEvent'),
         next_due_at = $2, wait_event_name = NULL, updated_at = $2
       WHERE id = ANY($1::bigint[])`,
      [resumed.map((row) => row.id), now, eventName],
    );
    await insertOutcomes(client, outcomes);
    return resumed.map((row) => row.id);
  }

  /** Enrollments of this customer at a goal for this event complete as reached, if `at` is before the deadline. */
  async recordGoalEvent(customerId: number, eventName: string, at: Date): Promise<number> {
    return inPoolTransaction(this.prisma.pool, (client) => this.recordGoalOn(client, customerId, eventName, at));
  }

  /** `recordGoalEvent` inside the caller's transaction. */
  async recordGoalOn(client: PoolClient, customerId: number, eventName: string, at: Date): Promise<number> {
    const { rows } = await client.query<ResumableRow>(
      `SELECT id::text AS id, flow_id AS "flowId", flow_version_id AS "flowVersionId", customer_id AS "customerId", current_node_id AS "currentNodeId", variants, path, wait, goal
       FROM enrollments WHERE customer_id = $1 AND status = 'waiting' AND goal->>'eventName' = $2 AND (goal->>'deadline')::timestamptz >= $3
         AND (goal->>'since' IS NULL OR (goal->>'since')::timestamptz <= $3)
       FOR UPDATE`,
      [customerId, eventName, at],
    );
    if (!rows.length) return 0;
    const outcomes: OutcomeRecord[] = [];
    for (const row of rows) {
      const arm = currentArm((await this.versions.get(row.flowVersionId)).definition, row.path, row.variants);
      const base = { enrollmentId: row.id, flowId: row.flowId, flowVersionId: row.flowVersionId, customerId: row.customerId, nodeId: row.currentNodeId, ...arm, occurredAt: at };
      outcomes.push({ ...base, kind: 'goal-reached', detail: { eventName, deadline: row.goal!.deadline } });
      outcomes.push({ ...base, kind: 'completed', detail: { goal: 'reached' } });
    }
    await client.query(
      `UPDATE enrollments SET status = 'completed', finished_at = $2, next_due_at = NULL, goal = goal || jsonb_build_object('reachedAt', $3::text), updated_at = $4
       WHERE id = ANY($1::bigint[])`,
      [rows.map((row) => row.id), at, at.toISOString(), this.clock.now()],
    );
    await insertOutcomes(client, outcomes);
    return rows.length;
  }

  private async insertChunk(
    db: Db,
    flowId: number,
    versionId: number,
    triggerNodeId: string,
    reEntry: string,
    customerIds: number[],
    source: EnrollmentSource,
    at: Date,
    heldOut: number[],
    holdoutPercent: number,
  ) {
    // held-out rows are finished at entry with no due time, so no step job or reconciler picks them up
    const { rows } = await db.query<{ id: string; customerId: number; heldOut: boolean }>(
      `WITH eligible AS (
         SELECT c.id AS customer_id FROM customers c
         WHERE c.id = ANY($1::int[])
           AND NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.flow_id = $2 AND e.customer_id = c.id AND (${reEntry}))
       ), inserted AS (
         INSERT INTO enrollments (flow_id, flow_version_id, customer_id, status, current_node_id, next_due_at, path, source, entered_at, updated_at, finished_at)
         SELECT $2, $3, customer_id, CASE WHEN held THEN 'held-out' ELSE 'active' END, $4, CASE WHEN held THEN NULL ELSE $5::timestamptz END,
                jsonb_build_array($4::text), $6, $5, $5, CASE WHEN held THEN $5::timestamptz END
         FROM (SELECT customer_id, customer_id = ANY($7::int[]) AS held FROM eligible) e ORDER BY customer_id
         ON CONFLICT DO NOTHING
         RETURNING id, customer_id, status
       ), entered AS (
         INSERT INTO flow_outcomes (enrollment_id, flow_id, flow_version_id, node_id, customer_id, kind, occurred_at, detail)
         SELECT id, $2, $3, $4, customer_id, CASE WHEN status = 'held-out' THEN 'held-out' ELSE 'entered' END, $5,
                CASE WHEN status = 'held-out' THEN jsonb_build_object('source', $6::text, 'holdoutPercent', $8::float8) ELSE jsonb_build_object('source', $6::text) END
         FROM inserted
       )
       SELECT id::text AS id, customer_id AS "customerId", status = 'held-out' AS "heldOut" FROM inserted ORDER BY id`,
      [customerIds, flowId, versionId, triggerNodeId, at, source, heldOut, holdoutPercent],
    );
    return rows;
  }

  private async whySkipped(db: Db, flowId: number, customerIds: number[]): Promise<EnrollResult['skipped']> {
    const { rows } = await db.query<{ customerId: number; known: boolean; unfinished: boolean }>(
      `SELECT i.id AS "customerId", EXISTS (SELECT 1 FROM customers c WHERE c.id = i.id) AS known,
              EXISTS (SELECT 1 FROM enrollments e WHERE e.flow_id = $2 AND e.customer_id = i.id AND e.status IN ('active', 'waiting')) AS unfinished
       FROM unnest($1::int[]) AS i(id)`,
      [customerIds, flowId],
    );
    return rows.map((row) => ({ customerId: row.customerId, reason: !row.known ? 'unknown-customer' : row.unfinished ? 'already-enrolled' : 're-entry' }));
  }
}
