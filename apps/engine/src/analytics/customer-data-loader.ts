import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { EventColumns, TransactionColumns } from '@retain/segmentation';
import type { PoolClient } from 'pg';
import { PrismaService } from '../database/prisma.service';
import { CustomerIndex, DenseIds, float64Column, forEachRecord, int32Column, uint8Column } from './binary-records';
import { EVENT_KIND_NAMES, EVENT_KINDS, normalizeEventName } from './event-kinds';

/** Everything the features need, as typed columns indexed by a dense customer index. */
export interface CustomerData {
  customers: CustomerIndex;
  /** Signup time per customer in ms (NaN when unknown). */
  signupTime: Float64Array;
  transactions: TransactionColumns;
  events: EventColumns;
  /** Time of the newest purchase or return line (NaN when there is none). */
  newestTransactionTime: number;
  /** 1 when the customer has at least one transaction line or behavioural event. */
  hasData: Uint8Array;
}

/** Rows per round trip: ~10 MB of records, little memory, few round trips. */
const CHUNK_ROWS = 250_000;

// customer int4 | time float8 | amount float8 | invoice hash int4 | sku hash int4 | quantity float8 | flags int2
const TRANSACTION_RECORD = 4 + 8 + 8 + 4 + 4 + 8 + 2;
const FLAG_RETURN = 1;
const FLAG_ITEM = 2;
const FLAG_QUANTITY = 4;

// customer int4 | time float8 | kind int2 | value float8
const EVENT_RECORD = 4 + 8 + 2 + 8;

/**
 * A full load is kept this long and handed to the next full load when the data has not changed
 * since (see DATA_STAMP): the facts refresh and the churn dataset that follows it read the same
 * customers, and at 1M customers a load is ~40 s of PostgreSQL time. Afterwards it is dropped, so
 * the ~250 MB of columns do not stay resident.
 */
const REUSE_MS = 5 * 60_000;

/**
 * What a load depends on, in one statement (~0.3 s at 5M lines against ~40 s for a load): new
 * transaction lines and events get higher ids, deleted ones change the counts (lines are never
 * updated: the import skips known line keys; merges move lines but delete the merged customer), and
 * every change of a customer sets its updated_at.
 */
const DATA_STAMP = `SELECT concat_ws('/', (SELECT max(id) FROM transactions), (SELECT count(*) FROM transactions), (SELECT max(id) FROM events), (SELECT count(*) FROM events),
                            (SELECT max(id) FROM customers), (SELECT count(*) FROM customers), (SELECT extract(epoch FROM max(updated_at)) FROM customers)) AS stamp`;

/**
 * Streams customers, transaction lines and behavioural events out of PostgreSQL into the typed
 * columns of `@retain/segmentation`, chunk by chunk (keyset on the primary key), as packed binary
 * records (see binary-records.ts). Invoice numbers and SKUs travel as 32-bit hashes and become
 * dense ids here: a collision between two invoices of the same customer is a 1 in 4 billion event.
 */
@Injectable()
export class CustomerDataLoader implements OnModuleDestroy {
  private readonly logger = new Logger('Facts');
  private shared: { stamp: string; data: CustomerData; expiry: NodeJS.Timeout } | null = null;

  constructor(private readonly prisma: PrismaService) {}

  onModuleDestroy(): void {
    this.forget();
  }

  /**
   * All customers, or only `customerIds` (the cheap per-customer path). A full load reuses the
   * previous full load when it is less than REUSE_MS old and the data stamp is unchanged; the
   * returned columns are shared, so callers must not modify them.
   */
  async load(customerIds?: readonly number[]): Promise<CustomerData> {
    if (customerIds) return this.read(customerIds);
    if (this.shared) {
      const { rows } = await this.prisma.pool.query<{ stamp: string }>(DATA_STAMP);
      if (rows[0].stamp === this.shared.stamp) {
        this.logger.log(`Reusing the load of ${this.shared.data.customers.count} customers (${this.shared.data.transactions.time.length} lines): data unchanged since`);
        return this.shared.data;
      }
      this.forget();
    }
    const { data, stamp } = await this.read(undefined, true);
    this.forget();
    this.shared = { stamp: stamp!, data, expiry: setTimeout(() => this.forget(), REUSE_MS).unref() };
    return data;
  }

  /** Drops the kept full load (tests that change data behind the stamp's back call it too). */
  forget(): void {
    if (this.shared) clearTimeout(this.shared.expiry);
    this.shared = null;
  }

  private async read(customerIds: readonly number[] | undefined): Promise<CustomerData>;
  private async read(customerIds: undefined, withStamp: true): Promise<{ data: CustomerData; stamp: string }>;
  private async read(customerIds: readonly number[] | undefined, withStamp = false): Promise<CustomerData | { data: CustomerData; stamp: string }> {
    const client = await this.prisma.pool.connect();
    let helper: PoolClient | undefined;
    try {
      // One snapshot for the three reads, so lines of a customer created meanwhile cannot be orphaned.
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      // A full load reads the upper half of the transaction lines on a second connection that shares the snapshot.
      if (!customerIds) helper = await this.sharingSnapshot(client);
      const stamp = withStamp ? (await client.query<{ stamp: string }>(DATA_STAMP)).rows[0].stamp : '';
      const { customers, signupTime } = await this.loadCustomers(client, customerIds);
      const { transactions, newestTransactionTime } = await this.loadTransactions(client, customers, customerIds, helper);
      const events = await this.loadEvents(client, customers, customerIds);
      await client.query('COMMIT');
      if (helper) await helper.query('COMMIT');
      const hasData = new Uint8Array(customers.count);
      for (const c of transactions.customerIndex) hasData[c] = 1;
      for (const c of events.customerIndex) hasData[c] = 1;
      const data = { customers, signupTime, transactions, events, newestTransactionTime, hasData };
      return withStamp ? { data, stamp } : data;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      await helper?.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
      helper?.release();
    }
  }

  /** A second connection in a read-only transaction on `client`'s snapshot (pg_export_snapshot). */
  private async sharingSnapshot(client: PoolClient): Promise<PoolClient> {
    const { rows } = await client.query<{ snapshot: string }>('SELECT pg_export_snapshot() AS snapshot');
    const helper = await this.prisma.pool.connect();
    try {
      await helper.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await helper.query(`SET TRANSACTION SNAPSHOT '${rows[0].snapshot.replace(/'/g, '')}'`);
      return helper;
    } catch (error) {
      await helper.query('ROLLBACK').catch(() => undefined);
      helper.release();
      throw error;
    }
  }

  private async loadCustomers(client: PoolClient, only?: readonly number[]): Promise<{ customers: CustomerIndex; signupTime: Float64Array }> {
    const ids = int32Column(only?.length ?? 65_536);
    const signup = float64Column(only?.length ?? 65_536);
    let lastId = 0;
    for (;;) {
      const { rows } = await client.query<{ last_id: number | null; data: Buffer | null }>(
        `SELECT max(id) AS last_id,
                string_agg(int4send(id) || float8send(coalesce(extract(epoch FROM signup_at)::float8 * 1000, 'NaN'::float8)), ''::bytea ORDER BY id) AS data
           FROM (${only ? 'SELECT id, signup_at FROM customers WHERE id = ANY($1::int[])' : 'SELECT id, signup_at FROM customers WHERE id > $1 ORDER BY id LIMIT $2'}) chunk`,
        only ? [only] : [lastId, CHUNK_ROWS],
      );
      const { last_id, data } = rows[0];
      if (last_id === null || !data) break;
      forEachRecord(data, 12, (b, o) => {
        ids.push(b.readInt32BE(o));
        signup.push(b.readDoubleBE(o + 4));
      });
      if (only) break;
      lastId = last_id;
    }
    return { customers: new CustomerIndex(ids.finish()), signupTime: signup.finish() };
  }

  private async loadTransactions(
    client: PoolClient, customers: CustomerIndex, only?: readonly number[], helper?: PoolClient,
  ): Promise<{ transactions: TransactionColumns; newestTransactionTime: number }> {
    const capacity = only ? 1024 : 1 << 20;
    const customerIndex = int32Column(capacity);
    const time = float64Column(capacity);
    const amount = float64Column(capacity);
    const invoice = int32Column(capacity);
    const item = int32Column(capacity);
    const quantity = float64Column(capacity);
    const isReturn = uint8Column(capacity);
    const invoiceIds = new DenseIds();
    const itemIds = new DenseIds();
    let anyItem = false;
    let anyQuantity = false;
    let newest = -Infinity;
    const parse = (data: Buffer) =>
      forEachRecord(data, TRANSACTION_RECORD, (b, o) => {
        const c = customers.indexOf(b.readInt32BE(o));
        if (c < 0) return; // a customer created after the customer read: next refresh
        const t = b.readDoubleBE(o + 4);
        const flags = b.readInt16BE(o + 36);
        customerIndex.push(c);
        time.push(t);
        amount.push(b.readDoubleBE(o + 12));
        invoice.push(invoiceIds.idFor(b.readInt32BE(o + 20)));
        const hasItem = (flags & FLAG_ITEM) !== 0;
        anyItem ||= hasItem;
        item.push(hasItem ? itemIds.idFor(b.readInt32BE(o + 24)) : -1);
        anyQuantity ||= (flags & FLAG_QUANTITY) !== 0;
        quantity.push(b.readDoubleBE(o + 28));
        isReturn.push(flags & FLAG_RETURN);
        if (t > newest) newest = t;
      });
    if (only) {
      const data = await this.transactionChunk(client, 'SELECT * FROM transactions WHERE customer_id = ANY($1::int[])', [only]);
      if (data.data) parse(data.data);
    } else if (!helper) {
      await this.transactionRange(client, '0', null, parse);
    } else {
      // Lines in id order, as one connection would read them: the lower half is parsed as it
      // arrives, the upper half (read meanwhile by the helper) is kept and parsed afterwards.
      const { rows } = await client.query<{ middle: string | null }>('SELECT ((min(id) + max(id)) / 2)::text AS middle FROM transactions');
      const middle = rows[0].middle ?? '0';
      const upper: Buffer[] = [];
      await Promise.all([this.transactionRange(client, '0', middle, parse), this.transactionRange(helper, middle, null, (data) => void upper.push(data))]);
      for (const data of upper.splice(0)) parse(data);
    }
    const transactions: TransactionColumns = {
      customerIndex: customerIndex.finish(),
      time: time.finish(),
      amount: amount.finish(),
      invoice: invoice.finish(),
      isReturn: isReturn.finish(),
      ...(anyItem ? { item: item.finish() } : {}),
      ...(anyQuantity ? { quantity: quantity.finish() } : {}),
    };
    return { transactions, newestTransactionTime: Number.isFinite(newest) ? newest : NaN };
  }

  /** Lines with after < id (≤ upTo), chunk by chunk in id order. */
  private async transactionRange(client: PoolClient, after: string, upTo: string | null, onChunk: (data: Buffer) => void): Promise<void> {
    let lastId = after;
    for (;;) {
      const chunk = await this.transactionChunk(
        client,
        `SELECT * FROM transactions WHERE id > $1::bigint ${upTo === null ? '' : 'AND id <= $3::bigint'} ORDER BY id LIMIT $2`,
        upTo === null ? [lastId, CHUNK_ROWS] : [lastId, CHUNK_ROWS, upTo],
      );
      if (chunk.data) onChunk(chunk.data);
      if (chunk.lastId === null) return;
      lastId = chunk.lastId;
    }
  }

  /** One chunk of lines as packed records (see TRANSACTION_RECORD), and the chunk's highest id (null when empty). */
  private async transactionChunk(client: PoolClient, chunkSql: string, params: unknown[]): Promise<{ lastId: string | null; data: Buffer | null }> {
    // Zero-price "purchases" (free samples, adjustments) are not purchases: they would make a
    // customer with nothing bought look active. Returns and cancellations count, whatever their sign.
    const { rows } = await client.query<{ last_id: string | null; data: Buffer | null }>(
      `WITH chunk AS (${chunkSql})
       SELECT max(id)::text AS last_id,
              string_agg(int4send(customer_id) || float8send(extract(epoch FROM occurred_at)::float8 * 1000) || float8send(amount::float8)
                || int4send(hashtext(invoice)) || int4send(coalesce(hashtext(sku), 0)) || float8send(coalesce(quantity, 0)::float8)
                || int2send(((is_return OR is_cancellation)::int + (sku IS NOT NULL)::int * ${FLAG_ITEM} + (quantity IS NOT NULL)::int * ${FLAG_QUANTITY})::int2), ''::bytea)
                FILTER (WHERE is_return OR is_cancellation OR amount > 0) AS data
         FROM chunk`,
      params,
    );
    return { lastId: rows[0].last_id, data: rows[0].data };
  }

  private async loadEvents(client: PoolClient, customers: CustomerIndex, only?: readonly number[]): Promise<EventColumns> {
    // Only the event names that feed a feature; the kind is decided here, so names stay in SQL.
    // a load of a few customers reads only their names (scanning every event costs ~0.1 s per call at 1M customers)
    const { rows: names } = only
      ? await client.query<{ name: string }>('SELECT DISTINCT name FROM events WHERE customer_id = ANY($1::int[])', [only])
      : await client.query<{ name: string }>('SELECT DISTINCT name FROM events');
    const kindOfName = new Map<string, number>();
    for (const { name } of names) {
      const normalized = normalizeEventName(name);
      const kind = EVENT_KINDS.findIndex((k) => (EVENT_KIND_NAMES[k] as readonly string[]).includes(normalized));
      if (kind >= 0) kindOfName.set(name, kind);
    }
    const customerIndex = int32Column();
    const time = float64Column();
    const nameId = int32Column();
    const value = float64Column();
    if (kindOfName.size > 0) {
      const eventNames = [...kindOfName.keys()];
      const kinds = eventNames.map((n) => kindOfName.get(n) as number);
      let lastId = '0';
      for (;;) {
        const { rows } = await client.query<{ last_id: string | null; data: Buffer | null }>(
          `SELECT max(id)::text AS last_id,
                  string_agg(int4send(customer_id) || float8send(extract(epoch FROM occurred_at)::float8 * 1000) || int2send(kind::int2)
                    || float8send(CASE WHEN score ~ '^\\s*-?[0-9]+(\\.[0-9]+)?\\s*$' THEN score::float8 ELSE 'NaN'::float8 END), ''::bytea) AS data
             FROM (SELECT e.id, e.customer_id, e.occurred_at, k.kind, coalesce(e.properties->>'score', e.properties->>'value', e.properties->>'rating') AS score
                     FROM events e JOIN unnest($3::text[], $4::int[]) AS k(name, kind) ON k.name = e.name
                    WHERE ${only ? 'e.customer_id = ANY($5::int[]) AND $1::bigint IS NOT NULL AND $2::int IS NOT NULL' : 'e.id > $1::bigint ORDER BY e.id LIMIT $2'}) chunk`,
          only ? [lastId, CHUNK_ROWS, eventNames, kinds, only] : [lastId, CHUNK_ROWS, eventNames, kinds],
        );
        const { last_id, data } = rows[0];
        if (last_id === null || !data) break;
        forEachRecord(data, EVENT_RECORD, (b, o) => {
          const c = customers.indexOf(b.readInt32BE(o));
          if (c < 0) return;
          customerIndex.push(c);
          time.push(b.readDoubleBE(o + 4));
          nameId.push(b.readInt16BE(o + 12));
          value.push(b.readDoubleBE(o + 14));
        });
        if (only) break;
        lastId = last_id;
      }
    }
    return { customerIndex: customerIndex.finish(), time: time.finish(), nameId: nameId.finish(), value: value.finish() };
  }
}
