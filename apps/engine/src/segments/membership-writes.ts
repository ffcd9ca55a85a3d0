import type { PoolClient } from 'pg';
import { type CopyColumn, stageRows, type StagingTable } from '../analytics/copy-binary';
import type { StoredDefinition } from './segments.schemas';

export interface PendingChange {
  customerId: number;
  reason: string;
  score: number | null;
  modelVersionId?: number | null;
  /** As-of of the facts the decision was made from (null: no facts), when the reader had it. */
  asOf?: Date | null;
}

/**
 * Which clock a change's `as_of` (data time) follows: `facts` = the as-of of the customer's facts the
 * decision was made from (rule, RFM, cluster and score-band segments: scores are computed from
 * features as of the same instant as the facts, see defaultFactsAsOf), falling back to the wall
 * time for a customer without facts; `wall` = the wall time of the change (manual lists, archiving).
 */
export type DataTime = 'facts' | 'wall';

export function dataTimeOf(kind: StoredDefinition['kind']): DataTime {
  return kind === 'manual' ? 'wall' : 'facts';
}

/**
 * Changes travel to PostgreSQL through binary COPY into this staging table: at a few hundred
 * thousand changes, arrays of parameters cost more to build and parse than the rows.
 */
const STAGING: StagingTable = { name: 'segment_changes_in', columns: 'customer_id int, entering smallint, reason text, score float8, model_version_id int, as_of timestamptz' };

const ENTERING = 1;
const EXITING = 0;

async function stage(client: PoolClient, entered: readonly PendingChange[], exited: readonly PendingChange[], modelVersionId: number | null): Promise<void> {
  const all = [...entered, ...exited];
  const columns: CopyColumn[] = [
    { type: 'int4', values: all.map((c) => c.customerId) },
    { type: 'int2', values: all.map((_, i) => (i < entered.length ? ENTERING : EXITING)) },
    { type: 'text', values: all.map((c) => c.reason) },
    { type: 'float8', values: all.map((c) => c.score ?? NaN) },
    { type: 'int4', values: all.map((c) => c.modelVersionId ?? modelVersionId ?? NaN), isNull: Number.isNaN },
    { type: 'timestamptz', values: all.map((c) => c.asOf?.getTime() ?? NaN) },
  ];
  await stageRows(client, STAGING, columns, 0, all.length);
}

/**
 * The history rows of the staged changes (those in `written`, a relation of customer_id, entering, when given). The
 * data time: the facts' as-of that travelled with the change when the reader had it, else looked up.
 * The rows of one refresh share their time and take ids in no particular order: sorting them cost
 * 40 % more write time at 346,000 changes (an on-disk sort), for an order no reader relies on.
 */
function historyInsert(written: string | null, changes: readonly PendingChange[], dataTime: DataTime): string {
  const known = changes.every((c) => c.asOf !== undefined);
  const asOf = dataTime === 'wall' ? '$2' : known ? 'coalesce(s.as_of, $2)' : 'coalesce(f.as_of, $2)';
  const facts = dataTime === 'facts' && !known ? 'LEFT JOIN customer_facts f ON f.customer_id = s.customer_id' : '';
  return `INSERT INTO segment_membership_events (segment_id, customer_id, kind, at, reason, model_version_id, score, as_of)
    SELECT $1, s.customer_id, CASE s.entering WHEN ${ENTERING} THEN 'entered' ELSE 'exited' END, $2, s.reason, s.model_version_id, nullif(s.score, 'NaN'), ${asOf}
      FROM segment_changes_in s ${written ? `JOIN ${written} w ON w.customer_id = s.customer_id AND w.entering = s.entering` : ''} ${facts}`;
}

/**
 * Inside the caller's transaction, with the segment row locked: inserts the entries (customers
 * that still exist and are not members yet), deletes the exits (customers still members) and keeps
 * a history row for each, in one statement. Returns the changes actually made.
 */
export async function writeMembershipChanges(
  client: PoolClient, segmentId: number, at: Date, entered: PendingChange[], exited: PendingChange[], modelVersionId: number | null, dataTime: DataTime,
): Promise<{ entered: PendingChange[]; exited: PendingChange[] }> {
  if (!entered.length && !exited.length) return { entered, exited };
  await stage(client, entered, exited, modelVersionId);
  // the rows that were not written come back (usually none): skipped by a change made meanwhile
  const { rows: skipped } = await client.query<{ id: number; entering: number }>(
    `WITH inserted AS (
       INSERT INTO segment_memberships (segment_id, customer_id, entered_at)
       SELECT $1, s.customer_id, $2 FROM segment_changes_in s JOIN customers c ON c.id = s.customer_id WHERE s.entering = ${ENTERING}
       ON CONFLICT DO NOTHING RETURNING customer_id),
     deleted AS (
       DELETE FROM segment_memberships m USING segment_changes_in s
        WHERE m.segment_id = $1 AND m.customer_id = s.customer_id AND s.entering = ${EXITING} RETURNING m.customer_id),
     written AS (SELECT customer_id, ${ENTERING}::smallint AS entering FROM inserted UNION ALL SELECT customer_id, ${EXITING}::smallint FROM deleted),
     history AS (${historyInsert('written', [...entered, ...exited], dataTime)})
     SELECT s.customer_id AS id, s.entering FROM segment_changes_in s
      WHERE NOT EXISTS (SELECT 1 FROM written w WHERE w.customer_id = s.customer_id AND w.entering = s.entering)`,
    [segmentId, at],
  );
  if (!skipped.length) return { entered, exited };
  const skippedIds = (entering: number) => new Set(skipped.filter((row) => row.entering === entering).map((row) => row.id));
  const notEntered = skippedIds(ENTERING);
  const notExited = skippedIds(EXITING);
  return { entered: entered.filter((c) => !notEntered.has(c.customerId)), exited: exited.filter((c) => !notExited.has(c.customerId)) };
}

/** History rows only, for changes already made to the memberships (archiving a segment deletes them itself). */
export async function insertHistory(
  client: PoolClient, segmentId: number, kind: 'entered' | 'exited', changes: PendingChange[], at: Date, modelVersionId: number | null, dataTime: DataTime,
): Promise<void> {
  if (!changes.length) return;
  await stage(client, kind === 'entered' ? changes : [], kind === 'exited' ? changes : [], modelVersionId);
  await client.query(historyInsert(null, changes, dataTime), [segmentId, at]);
}
