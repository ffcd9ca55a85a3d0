// Appends flow_outcomes rows in one statement, however many there are.
import type { PoolClient } from 'pg';
import type { OutcomeRecord } from './stepping/enrollment-state';

export async function insertOutcomes(client: PoolClient, outcomes: readonly OutcomeRecord[]): Promise<void> {
  if (!outcomes.length) return;
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
  await client.query(
    `INSERT INTO flow_outcomes (enrollment_id, flow_id, flow_version_id, node_id, customer_id, kind, variant_id, experiment_key, occurred_at, detail)
     SELECT e, f, v, n, c, k, vi, x, t, d::jsonb
     FROM unnest($1::bigint[], $2::int[], $3::int[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[], $9::timestamptz[], $10::text[]) AS u(e, f, v, n, c, k, vi, x, t, d)`,
    columns,
  );
}
