// Appends flow_outcomes rows in one statement, however many there are.
import type { PoolClient } from 'pg';
import type { OutcomeRecord } from './stepping/enrollment-state';

export async function insertOutcomes(client: PoolClient, outcomes: readonly OutcomeRecord[]): Promise<void> {
  if (!outcomes.length) return;
  await client.query(insertOutcomesSql(1), outcomeParameters(outcomes));
}

/** The INSERT of insertOutcomes with its ten parameters numbered from `first` (to join it to another statement). */
export function insertOutcomesSql(first: number): string {
  const p = (k: number) => `$${first + k}`;
  return `INSERT INTO flow_outcomes (enrollment_id, flow_id, flow_version_id, node_id, customer_id, kind, variant_id, experiment_key, occurred_at, detail)
     SELECT e, f, v, n, c, k, vi, x, t, d::jsonb
     FROM unnest(${p(0)}::bigint[], ${p(1)}::int[], ${p(2)}::int[], ${p(3)}::text[], ${p(4)}::int[], ${p(5)}::text[], ${p(6)}::text[], ${p(7)}::text[], ${p(8)}::timestamptz[], ${p(9)}::text[])
       AS u(e, f, v, n, c, k, vi, x, t, d)`;
}

/** The ten column arrays insertOutcomesSql reads. */
export function outcomeParameters(outcomes: readonly OutcomeRecord[]): unknown[][] {
  const columns: unknown[][] = [[], [], [], [], [], [], [], [], [], []];
  for (const o of outcomes) {
    columns[0].push(o.enrollmentId);
    columns[1].push(o.flowId);
    columns[2].push(o.flowVersionId);
    columns[3].push(o.nodeId);
    columns[4].push(o.customerId);
    columns[5].push(o.kind);
    columns[6].push(o.variantId);
    columns[7].push(o.experimentKey);
    columns[8].push(o.occurredAt.toISOString());
    columns[9].push(o.detail === null ? null : JSON.stringify(o.detail));
  }
  return columns;
}
