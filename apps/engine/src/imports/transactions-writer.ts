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

// Creates missing customers and fills a missing country, without locking customers that need no
// change (several writers may run at once). The outer SELECT sees the table as it was before the
// INSERT, hence the UNION with what it returned.
const UPSERT_CUSTOMERS = `
  WITH input AS (SELECT * FROM unnest($1::text[], $2::text[]) AS t(external_id, country)),
  inserted AS (
    INSERT INTO customers (external_id, country)
    SELECT external_id, country FROM input
    ON CONFLICT (external_id) DO NOTHING
    RETURNING id, external_id),
  filled AS (
    UPDATE customers c SET country = i.country, updated_at = now()
    FROM input i
    WHERE c.external_id = i.external_id AND c.country IS NULL AND i.country IS NOT NULL
    RETURNING c.id)
  SELECT id, external_id, true AS created FROM inserted
  UNION ALL
  SELECT c.id, c.external_id, false FROM customers c JOIN input i USING (external_id)
  WHERE NOT EXISTS (SELECT 1 FROM inserted w WHERE w.external_id = c.external_id)`;

/** Customer ids known to an import, shared by its writers. */
export class CustomerIdCache {
  readonly ids = new Map<string, number>();
  created = 0;
}

/** Stores transaction lines in bulk; lines already stored (same key) are left as they are. */
export class TransactionsWriter {
  constructor(
    private readonly client: PoolClient,
    private readonly customers = new CustomerIdCache(),
  ) {}

  get customersCreated(): number {
    return this.customers.created;
  }

  /** Returns how many lines were new. */
  async write(rows: readonly TransactionRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    const customerIds = await this.resolveCustomers(rows);
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
      columns.customerId.push(customerIds.get(row.externalId)!);
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

  /** The id of every customer of these rows (the shared cache may be cleared meanwhile: keep a local copy). */
  private async resolveCustomers(rows: readonly TransactionRow[]): Promise<Map<string, number>> {
    const known = this.customers.ids;
    const local = new Map<string, number>();
    const wanted = new Map<string, string | null>();
    for (const row of rows) {
      const id = known.get(row.externalId);
      if (id !== undefined) {
        local.set(row.externalId, id);
        continue;
      }
      if (!wanted.has(row.externalId) || (wanted.get(row.externalId) === null && row.country)) wanted.set(row.externalId, row.country);
    }
    if (wanted.size === 0) return local;
    if (known.size + wanted.size > CUSTOMER_CACHE_LIMIT) known.clear();
    // Sorted, so that writers running at once insert customers in the same order.
    const ids = [...wanted.keys()].sort();
    const result = await this.client.query<{ id: number; external_id: string; created: boolean }>(UPSERT_CUSTOMERS, [ids, ids.map((id) => wanted.get(id) ?? null)]);
    for (const customer of result.rows) {
      local.set(customer.external_id, customer.id);
      known.set(customer.external_id, customer.id);
      if (customer.created) this.customers.created++;
    }
    // A customer another writer committed while this statement ran is invisible to its snapshot: ask again.
    const missing = ids.filter((id) => !local.has(id));
    if (missing.length) {
      const late = await this.client.query<{ id: number; external_id: string }>('SELECT id, external_id FROM customers WHERE external_id = ANY($1::text[])', [missing]);
      for (const customer of late.rows) {
        local.set(customer.external_id, customer.id);
        known.set(customer.external_id, customer.id);
      }
    }
    return local;
  }
}
