// Appends flow_outcomes rows in one statement, however many there are. The rows travel as one
// JSON document: JSON.stringify is native and PostgreSQL parses it once, where ten text arrays
// would be escaped element by element in JavaScript (the details twice).
import type { PoolClient } from 'pg';
import type { OutcomeRecord } from './stepping/enrollment-state';

export async function insertOutcomes(client: PoolClient, outcomes: readonly OutcomeRecord[]): Promise<void> {
  if (!outcomes.length) return;
  await client.query(insertOutcomesSql(1), [outcomesDocument(outcomes)]);
}

/** The INSERT of insertOutcomes reading parameter `$n` (to join it to another statement). */
export function insertOutcomesSql(n: number): string {
  return `INSERT INTO flow_outcomes (enrollment_id, flow_id, flow_version_id, node_id, customer_id, kind, variant_id, experiment_key, occurred_at, detail)
     SELECT r.e, r.f, r.v, r.n, r.c, r.k, r.vi, r.x, r.t, r.d
       FROM json_to_recordset($${n}::json) AS r(e bigint, f int, v int, n text, c int, k text, vi text, x text, t timestamptz, d jsonb)`;
}

/** The document insertOutcomesSql reads. */
export function outcomesDocument(outcomes: readonly OutcomeRecord[]): string {
  // a batch's outcomes mostly share one instant: format it once, not once per row
  let lastDate: Date | null = null;
  let lastIso = '';
  const iso = (date: Date) => (date === lastDate ? lastIso : ((lastDate = date), (lastIso = date.toISOString())));
  return JSON.stringify(
    outcomes.map((o) => ({ e: o.enrollmentId, f: o.flowId, v: o.flowVersionId, n: o.nodeId, c: o.customerId, k: o.kind, vi: o.variantId, x: o.experimentKey, t: iso(o.occurredAt), d: o.detail })),
  );
}
