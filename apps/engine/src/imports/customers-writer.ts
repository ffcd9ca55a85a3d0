import type { PoolClient } from 'pg';
import { CUSTOMER_COLUMN_SQL } from '../customers/customer-columns-sql';
import type { CustomerColumns } from '../customers/customer-traits';
import type { CustomerRow } from './customer-rows';


export interface CustomerWriteResult {
  inserted: number;
  updated: number;
  unchanged: number;
}

/**
 * Upserts customers by externalId in bulk. Only the columns the file sets are written; attributes
 * are merged into the stored ones. A customer whose values are all the same is not touched, so its
 * updatedAt stays as it was.
 */
export class CustomersWriter {
  constructor(private readonly client: PoolClient) {}

  async write(batch: readonly CustomerRow[]): Promise<CustomerWriteResult> {
    // The same id twice in one statement cannot be upserted: the later line wins.
    const byId = new Map<string, CustomerRow>();
    for (const row of batch) byId.set(row.externalId, row);
    const rows = [...byId.values()].sort((a, b) => (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0));
    if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };

    const columns = [...new Set(rows.flatMap((row) => Object.keys(row.columns) as (keyof CustomerColumns)[]))].sort();
    const params: unknown[][] = [rows.map((r) => r.externalId), rows.map((r) => JSON.stringify(r.attributes))];
    for (const column of columns) {
      params.push(rows.map((r) => toSql(column, r.columns[column])));
    }
    const names = columns.map((c) => CUSTOMER_COLUMN_SQL[c].column);
    const arrays = ['$1::text[]', '$2::jsonb[]', ...columns.map((c, i) => `$${i + 3}::${CUSTOMER_COLUMN_SQL[c].type}[]`)];
    const selected = names.map((n) => (n === 'email_consent' ? 'COALESCE(email_consent, false)' : n));
    const stored = names.map((n) => `customers.${n}`);
    const incoming = names.map((n) => `EXCLUDED.${n}`);
    const mergedAttributes = 'customers.attributes || EXCLUDED.attributes';
    const sql = `
      INSERT INTO customers (external_id, attributes${names.map((n) => `, ${n}`).join('')})
      SELECT external_id, attributes${selected.map((n) => `, ${n}`).join('')}
      FROM unnest(${arrays.join(', ')}) AS t(external_id, attributes${names.map((n) => `, ${n}`).join('')})
      ON CONFLICT (external_id) DO UPDATE SET
        attributes = ${mergedAttributes},${names.map((n) => ` ${n} = EXCLUDED.${n},`).join('')}
        updated_at = now()
      WHERE ${mergedAttributes} IS DISTINCT FROM customers.attributes
        ${names.length ? `OR (${stored.join(', ')}, NULL) IS DISTINCT FROM (${incoming.join(', ')}, NULL)` : ''}
      RETURNING (xmax = 0) AS inserted`;
    const result = await this.client.query<{ inserted: boolean }>(sql, params);
    const inserted = result.rows.filter((r) => r.inserted).length;
    const updated = result.rows.length - inserted;
    return { inserted, updated, unchanged: batch.length - inserted - updated };
  }
}

function toSql(column: keyof CustomerColumns, value: CustomerColumns[keyof CustomerColumns]): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  return value;
}
