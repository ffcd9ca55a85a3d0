// Claims due enrollments in batches and advances them. One transaction per batch:
//   SELECT … FOR UPDATE SKIP LOCKED (two workers never hold the same row, so never perform the
//   same step at once), facts for the whole batch, advanceEnrollment for all of them at once (the
//   actions they reach together go to the channels as one batch: ActionBatcher), then one UPDATE
//   and one INSERT of outcomes for the whole batch.
// A crash before COMMIT rolls everything back: the rows are due again, the reconciler re-enqueues
// them, and an action already performed comes back from the channels as "duplicate".
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { ACTION_PERFORMER, type ActionPerformer } from '../../channels/action-contract';
import { ENV } from '../../config/config.module';
import type { Env } from '../../config/env';
import { PrismaService } from '../../database/prisma.service';
import { Clock } from '../clock';
import { insertOutcomesSql, outcomesDocument } from '../outcomes-writer';
import { RuntimeFacts } from '../runtime-facts';
import { RuntimeVersions } from '../runtime-versions';
import { ActionBatcher } from './action-batcher';
import { advanceEnrollment } from './advance-enrollment';
import type { ClaimedEnrollment, EnrollmentUpdate, OutcomeRecord } from './enrollment-state';
import { StepJobs } from './step-jobs';

export interface BatchReport {
  /** Enrollments claimed and advanced. */
  advanced: number;
  outcomes: number;
}

/** "Due for this version" keeps claiming batches up to this many, then leaves the rest to the next job. */
const MAX_BATCHES_PER_DUE_JOB = 200;
/** Wake-up jobs per batch; more distinct due times are left to the reconciler. */
const MAX_WAKEUPS_PER_BATCH = 50;

const CLAIM_COLUMNS = `id::text AS id, flow_id AS "flowId", flow_version_id AS "flowVersionId", customer_id AS "customerId", status,
  current_node_id AS "currentNodeId", wait, goal, variants, path, attempts`;

@Injectable()
export class StepRunner {
  private readonly logger = new Logger('Runtime');
  private readonly performer: ActionPerformer;

  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly versions: RuntimeVersions,
    private readonly facts: RuntimeFacts,
    private readonly jobs: StepJobs,
    @Inject(ENV) private readonly env: Env,
    @Inject(ACTION_PERFORMER) performer: ActionPerformer,
  ) {
    this.performer = performer;
  }

  get batchSize(): number {
    return this.env.RETAIN_RUNTIME_BATCH_SIZE;
  }

  /** Advances those of these enrollments that are due (and not held by another worker). */
  advanceEnrollments(ids: readonly string[]): Promise<BatchReport> {
    return this.runBatch('id = ANY($2::bigint[])', [ids], Math.min(ids.length, this.batchSize * 4));
  }

  /** Advances everything due for a flow version, batch after batch. */
  async advanceDue(flowVersionId: number): Promise<BatchReport> {
    const total: BatchReport = { advanced: 0, outcomes: 0 };
    for (let batch = 0; batch < MAX_BATCHES_PER_DUE_JOB; batch++) {
      const report = await this.runBatch('flow_version_id = $2', [flowVersionId], this.batchSize);
      total.advanced += report.advanced;
      total.outcomes += report.outcomes;
      if (report.advanced < this.batchSize) break;
    }
    return total;
  }

  private async runBatch(filter: string, params: unknown[], limit: number): Promise<BatchReport> {
    if (limit <= 0) return { advanced: 0, outcomes: 0 };
    const now = this.clock.now();
    const client = await this.prisma.pool.connect();
    let updates: EnrollmentUpdate[] = [];
    let claimed: ClaimedEnrollment[] = [];
    let outcomes: OutcomeRecord[] = [];
    try {
      await client.query('BEGIN');
      try {
        const started = performance.now();
        ({ rows: claimed } = await client.query<ClaimedEnrollment>(
          `SELECT ${CLAIM_COLUMNS} FROM enrollments
           WHERE ${filter} AND status IN ('active', 'waiting') AND next_due_at <= $1
           ORDER BY next_due_at LIMIT ${Number(limit)} FOR UPDATE SKIP LOCKED`,
          [now, ...params],
        ));
        const claimedAt = performance.now();
        if (claimed.length) ({ updates, outcomes } = await this.advanceAll(claimed, now));
        const advancedAt = performance.now();
        await writeResults(client, updates, outcomes, now);
        await client.query('COMMIT');
        if (claimed.length) {
          const ms = (from: number, to: number) => Math.round(to - from);
          this.logger.debug(
            `Advanced ${claimed.length} enrollments (${outcomes.length} outcomes): claim ${ms(started, claimedAt)} ms, steps ${ms(claimedAt, advancedAt)} ms, write ${ms(advancedAt, performance.now())} ms`,
          );
        }
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    } finally {
      client.release();
    }
    await this.scheduleWakeups(claimed, updates, now);
    return { advanced: claimed.length, outcomes: outcomes.length };
  }

  private async advanceAll(claimed: ClaimedEnrollment[], now: Date): Promise<{ updates: EnrollmentUpdate[]; outcomes: OutcomeRecord[] }> {
    const byVersion = new Map<number, ClaimedEnrollment[]>();
    for (const row of claimed) {
      const list = byVersion.get(row.flowVersionId);
      if (list) list.push(row);
      else byVersion.set(row.flowVersionId, [row]);
    }
    const updates: EnrollmentUpdate[] = [];
    const outcomes: OutcomeRecord[] = [];
    for (const [versionId, rows] of byVersion) {
      const version = await this.versions.get(versionId);
      const facts = await this.facts.load(version.factNames, [...new Set(rows.map((row) => row.customerId))]);
      // all of them at once: the actions they reach together go to the channels as one batch
      const actions = new ActionBatcher(this.performer);
      const results = await Promise.all(rows.map((row) => advanceEnrollment(row, version.definition, facts.get(row.customerId) ?? {}, now, actions.perform)));
      for (const result of results) {
        updates.push(result.update);
        for (const outcome of result.outcomes) outcomes.push(outcome);
      }
    }
    return { updates, outcomes };
  }

  /** Delayed jobs for the waits, deadlines and deferred actions this batch set (the reconciler is the safety net). */
  private async scheduleWakeups(claimed: ClaimedEnrollment[], updates: EnrollmentUpdate[], now: Date): Promise<void> {
    const versionOf = new Map(claimed.map((row) => [row.id, row.flowVersionId]));
    const wakeups = new Map<string, { versionId: number; at: Date }>();
    for (const update of updates) {
      if (!update.nextDueAt || update.finishedAt) continue;
      // rounded up to the second, so a batch's waits share one job
      const at = new Date(Math.max(Math.ceil(update.nextDueAt.getTime() / 1000) * 1000, now.getTime()));
      const versionId = versionOf.get(update.id)!;
      wakeups.set(`${versionId}@${at.getTime()}`, { versionId, at });
      if (wakeups.size >= MAX_WAKEUPS_PER_BATCH) break;
    }
    for (const { versionId, at } of wakeups.values()) {
      await this.jobs.dueAt(versionId, at).catch((error) => this.logger.warn(`Could not schedule a wake-up (the reconciler will find it): ${error.message}`));
    }
  }
}

/** The batch's enrollment rows and its outcomes, in one statement and two JSON documents (see outcomes-writer). */
async function writeResults(client: PoolClient, updates: readonly EnrollmentUpdate[], outcomes: readonly OutcomeRecord[], now: Date): Promise<void> {
  if (!updates.length) return;
  const rows = updates.map((u) => ({
    id: u.id,
    status: u.status,
    node: u.currentNodeId,
    due: u.nextDueAt,
    wait: u.wait,
    wen: u.waitEventName,
    goal: u.goal,
    variants: u.variants,
    path: u.path,
    fin: u.finishedAt,
    att: u.attempts,
    err: u.lastError,
  }));
  await client.query(
    `WITH updated AS (UPDATE enrollments e SET status = u.status, current_node_id = u.node, next_due_at = u.due, wait = u.wait, wait_event_name = u.wen,
       goal = u.goal, variants = u.variants, path = u.path, finished_at = u.fin, attempts = u.att, last_error = u.err, updated_at = $2
     FROM json_to_recordset($1::json)
       AS u(id bigint, status text, node text, due timestamptz, wait jsonb, wen text, goal jsonb, variants jsonb, path jsonb, fin timestamptz, att int, err text)
     WHERE e.id = ANY($4::bigint[]) AND e.id = u.id)
     ${insertOutcomesSql(3)}`,
    // the id array lets the planner find the rows by primary key: it cannot see how many rows the
    // JSON holds (it guesses 100), and on a table of a few thousand enrollments it read all of them
    [JSON.stringify(rows), now, outcomesDocument(outcomes), updates.map((u) => u.id)],
  );
}
