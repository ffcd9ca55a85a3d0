import type { PoolClient } from 'pg';
import type { CustomerColumns } from '../customers/customer-traits';

export interface TraitUpdate {
  customerId: number;
  columns: CustomerColumns;
  attributes: Record<string, unknown>;
}

/** Customer column -> SQL column and the cast from the JSON text we send. */
const COLUMNS: Record<keyof CustomerColumns, { column: string; cast: string }> = {
  email: { column: 'email', cast: '' },
  name: { column: 'name', cast: '' },
  age: { column: 'age', cast: '::int' },
  country: { column: 'country', cast: '' },
  city: { column: 'city', cast: '' },
  occupation: { column: 'occupation', cast: '' },
  plan: { column: 'plan', cast: '' },
  signupAt: { column: 'signup_at', cast: '::timestamptz' },
  timeZone: { column: 'time_zone', cast: '' },
  emailConsent: { column: 'email_consent', cast: '::boolean' },
};

// A column is changed only when the traits name it (null clears it); attributes are merged, not replaced.
const UPDATE_SQL = `UPDATE customers c SET
  ${Object.entries(COLUMNS)
    .map(([key, { column, cast }]) => `${column} = CASE WHEN u.columns ? '${key}' THEN (u.columns->>'${key}')${cast} ELSE c.${column} END`)
    .join(',\n  ')},
  attributes = c.attributes || u.attributes,
  updated_at = now()
FROM unnest($1::int[], $2::jsonb[], $3::jsonb[]) AS u(id, columns, attributes)
WHERE c.id = u.id`;

/** Applies traits to customers (one update per customer: merge a batch's traits per customer first). */
export async function applyTraits(client: PoolClient, updates: readonly TraitUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  const ids = updates.map((u) => u.customerId);
  // Lock in id order, so two requests updating the same customers wait instead of deadlocking.
  await client.query('SELECT id FROM customers WHERE id = ANY($1::int[]) ORDER BY id FOR NO KEY UPDATE', [ids]);
  await client.query(UPDATE_SQL, [ids, updates.map((u) => JSON.stringify(u.columns)), updates.map((u) => JSON.stringify(u.attributes))]);
}
