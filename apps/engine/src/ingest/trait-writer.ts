import type { PoolClient } from 'pg';
import { CUSTOMER_COLUMN_SQL } from '../customers/customer-columns-sql';
import type { CustomerColumns } from '../customers/customer-traits';

export interface TraitUpdate {
  customerId: number;
  columns: CustomerColumns;
  attributes: Record<string, unknown>;
}

/** Customer column -> SQL column and the cast from the JSON text we send. */
const COLUMNS = Object.fromEntries(
  Object.entries(CUSTOMER_COLUMN_SQL).map(([key, { column, type }]) => [key, { column, cast: type === 'text' ? '' : `::${type}` }]),
) as Record<keyof CustomerColumns, { column: string; cast: string }>;

const TRAITS = 'unnest($1::int[], $2::jsonb[], $3::jsonb[]) AS u(id, columns, attributes)';
const newValue = (key: string, cast: string) => `(u.columns->>'${key}')${cast}`;

/** True when applying the traits would change the row: identify calls mostly repeat what we know. */
const CHANGES = [
  ...Object.entries(COLUMNS).map(([key, { column, cast }]) => `(u.columns ? '${key}' AND c.${column} IS DISTINCT FROM ${newValue(key, cast)})`),
  '(c.attributes || u.attributes) IS DISTINCT FROM c.attributes',
].join('\n   OR ');

// Locks only the rows that change, in id order, so two requests updating the same customers wait instead of deadlocking.
// "c.id = ANY($1)" makes the planner look customers up by primary key instead of scanning them.
const LOCK_SQL = `SELECT c.id FROM customers c JOIN ${TRAITS} ON c.id = u.id WHERE c.id = ANY($1::int[]) AND (${CHANGES}) ORDER BY c.id FOR NO KEY UPDATE OF c`;

// A column is changed only when the traits name it (null clears it); attributes are merged, not replaced.
const UPDATE_SQL = `UPDATE customers c SET
  ${Object.entries(COLUMNS)
    .map(([key, { column, cast }]) => `${column} = CASE WHEN u.columns ? '${key}' THEN ${newValue(key, cast)} ELSE c.${column} END`)
    .join(',\n  ')},
  attributes = c.attributes || u.attributes,
  updated_at = now()
FROM ${TRAITS}
WHERE c.id = ANY($1::int[]) AND c.id = u.id AND (${CHANGES})`;

/**
 * Applies traits to customers (one update per customer: merge a batch's traits per customer first).
 * Rows the traits would not change are neither locked nor rewritten, so concurrent batches that
 * repeat known traits do not queue behind each other.
 */
export async function applyTraits(client: PoolClient, updates: readonly TraitUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  const params = [updates.map((u) => u.customerId), updates.map((u) => JSON.stringify(u.columns)), updates.map((u) => JSON.stringify(u.attributes))];
  const locked = await client.query(LOCK_SQL, params);
  if (locked.rowCount === 0) return;
  await client.query(UPDATE_SQL, params);
}
