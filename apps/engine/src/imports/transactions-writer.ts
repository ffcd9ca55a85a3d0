import type { PoolClient } from 'pg';
import type { TransactionRow } from './transaction-rows';

/** Customer ids known to this import; bounded so a file with millions of customers stays flat. */
const CUSTOMER_CACHE_LIMIT = 200_000;

const INSERT_TRANSACTIONS = `
  INSERT INTO transactions (customer_id, invoice, line_key, sku, description, quantity, unit_price, amount,
                            currency, category, occurred_at, is_cancellation, is_return, source)
  SELECT customer_id, invoice, line_key, sku, description, quantity, unit_price,
         COALESCE(amount, quantity * unit_price), currency, category, occurred_at, is_cancellation, is_return, 'csv'
  FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::numeric[], $8::numeric[],
              $9::text[], $10::text[], $11::timestamptz[], $12::bool[], $13::bool[])
       AS t(customer_id, invoice, line_key, sku, description, quantity, unit_price, amount,
            currency, category, occurred_at, is_cancellation, is_return)
  ON CONFLICT (line_key) DO NOTHING`;

// Creates missing customers (country only when they have none) and returns the id of every one.
// The outer SELECT sees the table as it was before the INSERT, hence the UNION with what it returned.
const UPSERT_CUSTOMERS = `
  WITH input AS (SELECT * FROM unnest($1::text[], $2::text[]) AS t(external_id, country)),
  written AS (
    INSERT INTO customers (external_id, country)
    SELECT external_id, country FROM input
    ON CONFLICT (external_id) DO UPDATE SET country = EXCLUDED.country, updated_at = now()
      WHERE customers.country IS NULL AND EXCLUDED.country IS NOT NULL
    RETURNING id, external_id, (xmax = 0) AS created)
  SELECT id, external_id, created FROM written
  UNION ALL
  SELECT c.id, c.external_id, false FROM customers c JOIN input i USING (external_id)
  WHERE NOT EXISTS (SELECT 1 FROM written w WHERE w.external_id = c.external_id)`;

/** Stores transaction lines in bulk; lines already stored (same key) are left as they are. */
export class TransactionsWriter {
  private readonly customerIds = new Map<string, number>();
  customersCreated = 0;

  constructor(private readonly client: PoolClient) {}

  /** Returns how many lines were new. */
  async write(rows: readonly TransactionRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    await this.resolveCustomers(rows);
    const columns = {
      customerId: [] as number[],
      invoice: [] as string[],
      lineKey: [] as string[],
      sku: [] as (string | null)[],
      description: [] as (string | null)[],
      quantity: [] as (string | null)[],
      unitPrice: [] as (string | null)[],
      amount: [] as (string | null)[],
      currency: [] as string[],
      category: [] as (string | null)[],
      occurredAt: [] as string[],
      isCancellation: [] as boolean[],
      isReturn: [] as boolean[],
    };
    for (const row of rows) {
      columns.customerId.push(this.customerIds.get(row.externalId)!);
      columns.invoice.push(row.invoice);
      columns.lineKey.push(row.lineKey);
      columns.sku.push(row.sku);
      columns.description.push(row.description);
      columns.quantity.push(row.quantity);
      columns.unitPrice.push(row.unitPrice);
      columns.amount.push(row.amount);
      columns.currency.push(row.currency);
      columns.category.push(row.category);
      columns.occurredAt.push(row.occurredAt);
      columns.isCancellation.push(row.isCancellation);
      columns.isReturn.push(row.isReturn);
    }
    const result = await this.client.query(INSERT_TRANSACTIONS, Object.values(columns));
    return result.rowCount ?? 0;
  }

  private async resolveCustomers(rows: readonly TransactionRow[]): Promise<void> {
    const wanted = new Map<string, string | null>();
    for (const row of rows) {
      if (this.customerIds.has(row.externalId)) continue;
      if (!wanted.has(row.externalId) || (wanted.get(row.externalId) === null && row.country)) wanted.set(row.externalId, row.country);
    }
    if (wanted.size === 0) return;
    if (this.customerIds.size + wanted.size > CUSTOMER_CACHE_LIMIT) this.customerIds.clear();
    // Sorted, so that two imports running at once lock customers in the same order.
    const ids = [...wanted.keys()].sort();
    const result = await this.client.query<{ id: number; external_id: string; created: boolean }>(UPSERT_CUSTOMERS, [ids, ids.map((id) => wanted.get(id) ?? null)]);
    for (const customer of result.rows) {
      this.customerIds.set(customer.external_id, customer.id);
      if (customer.created) this.customersCreated++;
    }
  }
}
