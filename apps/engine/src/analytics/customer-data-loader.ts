import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { EventColumns, TransactionColumns } from '@retain/segmentation';
import type { PoolClient } from 'pg';
import { PrismaService } from '../database/prisma.service';
import { CustomerIndex, float64Column, int32Column } from './binary-records';
import { copyRows, intListSql } from './copy-binary';
import { joinTransactionLines, TransactionLinesPart } from './transaction-lines';
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

/**
 * A full load is kept this long and handed to the next full load when the data has not changed
 * since (see DATA_STAMP): the facts refresh and the churn dataset that follows it read the same
 * customers, and at 1M customers (5M lines) a load takes 6–10 s. Afterwards it is dropped, so
 * the ~250 MB of columns do not stay resident.
 */
const REUSE_MS = 5 * 60_000;

/**
 * What a load depends on, in one statement (about 1 s at 5M lines, run beside the customer read): new
 * transaction lines and events get higher ids, deleted ones change the counts (lines are never
 * updated: the import skips known line keys; merges move lines but delete the merged customer), and
 * every change of a customer sets its updated_at.
 */
const DATA_STAMP = `SELECT concat_ws('/', (SELECT max(id) FROM transactions), (SELECT count(*) FROM transactions), (SELECT max(id) FROM events), (SELECT count(*) FROM events),
                            (SELECT max(id) FROM customers), (SELECT count(*) FROM customers), (SELECT extract(epoch FROM max(updated_at)) FROM customers)) AS stamp`;

/**
 * Streams customers, transaction lines and behavioural events out of PostgreSQL into the typed
 * columns of `@retain/segmentation` through binary COPY (see copy-binary.ts and binary-records.ts),
 * all in one snapshot. Invoice numbers and SKUs travel as 32-bit hashes and become
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
    let failure: Error | undefined;
    try {
      // One snapshot for the three reads, so lines of a customer created meanwhile cannot be orphaned.
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      // A full load reads the upper half of the transaction lines on a second connection that shares the snapshot.
      if (!customerIds) helper = await this.sharingSnapshot(client);
      const only = customerIds ? intListSql(customerIds) : null;
      // the stamp's counts take a second at 5M lines: the helper counts while the customers are read
      const [stamp, { customers, signupTime }] = await Promise.all([
        withStamp ? (helper ?? client).query<{ stamp: string }>(DATA_STAMP).then(({ rows }) => rows[0].stamp) : '',
        this.loadCustomers(client, only),
      ]);
      const { transactions, newestTransactionTime } = await this.loadTransactions(client, customers, only, helper);
      const events = await this.loadEvents(client, customers, only);
      await client.query('COMMIT');
      if (helper) await helper.query('COMMIT');
      const hasData = new Uint8Array(customers.count);
      for (const c of transactions.customerIndex) hasData[c] = 1;
      for (const c of events.customerIndex) hasData[c] = 1;
      const data = { customers, signupTime, transactions, events, newestTransactionTime, hasData };
      return withStamp ? { data, stamp } : data;
    } catch (error) {
      // a COPY that failed midway leaves its connection unusable: it is closed, not reused
      failure = error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      client.release(failure);
      helper?.release(failure);
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

  /** `only`: an int[] literal of the customer ids to load (see intListSql), or null for everyone. */
  private async loadCustomers(client: PoolClient, only: string | null): Promise<{ customers: CustomerIndex; signupTime: Float64Array }> {
    const ids = int32Column(only ? 1024 : 1 << 20);
    const signup = float64Column(only ? 1024 : 1 << 20);
    await copyRows(client, `SELECT id, signup_at FROM customers ${only ? `WHERE id = ANY(${only})` : ''} ORDER BY id`, 2, (row) => {
      ids.push(row.int32(0));
      signup.push(row.timeMs(1));
    });
    return { customers: new CustomerIndex(ids.finish()), signupTime: signup.finish() };
  }

  private async loadTransactions(
    client: PoolClient, customers: CustomerIndex, only: string | null, helper?: PoolClient,
  ): Promise<{ transactions: TransactionColumns; newestTransactionTime: number }> {
    // Zero-price "purchases" (free samples, adjustments) are not purchases: they would make a
    // customer with nothing bought look active. Returns and cancellations count, whatever their sign.
    const lines = (where: string) => `
      SELECT customer_id, occurred_at, amount::float8, hashtext(invoice), hashtext(sku), quantity::float8, is_return OR is_cancellation
        FROM transactions WHERE ${where} AND (is_return OR is_cancellation OR amount > 0)`;
    // Lines in page order (ctid) either way, so a customer's facts add up the same from a partial
    // load as from a full one.
    if (only || !helper) {
      const part = new TransactionLinesPart(customers, 1024);
      await copyRows(client, `${lines(only ? `customer_id = ANY(${only})` : 'true')} ORDER BY ctid`, TransactionLinesPart.FIELDS, part.take);
      return joinTransactionLines([part]);
    }
    // A full load reads the table's two halves of pages at once (the helper shares the snapshot),
    // each a scan of its pages in order (a third cheaper than walking the primary key), parsed as they arrive.
    // Page ranges are TID range scans (PostgreSQL 14 and later). The order stays the pages' order:
    // synchronized scans are off (a scan starts at its first page whatever else is reading) and so
    // are parallel workers (they would interleave pages).
    await Promise.all([client, helper].map((c) => c.query('SET LOCAL synchronize_seqscans = off; SET LOCAL max_parallel_workers_per_gather = 0')));
    const { rows } = await client.query<{ middle: string; lines: number }>(
      `SELECT (pg_relation_size(oid) / current_setting('block_size')::int / 2)::text AS middle, greatest(reltuples, 0)::float8 AS lines FROM pg_class WHERE oid = 'transactions'::regclass`,
    );
    const middle = BigInt(rows[0].middle).toString(); // an integer, inlined into the COPY
    // columns sized from the planner's row estimate, so they are seldom copied to grow
    const capacity = Math.min(1 << 23, Math.max(1024, Math.ceil(rows[0].lines * 0.55)));
    const parts = [new TransactionLinesPart(customers, capacity), new TransactionLinesPart(customers, capacity)];
    await Promise.all([
      copyRows(client, lines(`ctid < '(${middle},0)'::tid`), TransactionLinesPart.FIELDS, parts[0].take),
      copyRows(helper, lines(`ctid >= '(${middle},0)'::tid`), TransactionLinesPart.FIELDS, parts[1].take),
    ]);
    return joinTransactionLines(parts);
  }

  private async loadEvents(client: PoolClient, customers: CustomerIndex, only: string | null): Promise<EventColumns> {
    // Only the event names that feed a feature; the kind is decided here, so names stay in SQL.
    // a load of a few customers reads only their names (scanning every event costs ~0.1 s per call at 1M customers)
    const { rows: names } = await client.query<{ name: string }>(`SELECT DISTINCT name FROM events ${only ? `WHERE customer_id = ANY(${only})` : ''}`);
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
      // names come from the data: inlined as escaped literals (COPY takes no parameters)
      const namesSql = [...kindOfName.keys()].map((name) => client.escapeLiteral(name)).join(', ');
      const kindsSql = [...kindOfName.values()].join(', ');
      await copyRows(
        client,
        `SELECT e.customer_id, e.occurred_at, k.kind::int2, CASE WHEN score ~ '^\\s*-?[0-9]+(\\.[0-9]+)?\\s*$' THEN score::float8 END
           FROM (SELECT e.id, e.customer_id, e.occurred_at, e.name, coalesce(e.properties->>'score', e.properties->>'value', e.properties->>'rating') AS score FROM events e
                  ${only ? `WHERE e.customer_id = ANY(${only})` : ''}) e
           JOIN unnest(ARRAY[${namesSql}]::text[], ARRAY[${kindsSql}]::int[]) AS k(name, kind) ON k.name = e.name
          ORDER BY e.id`,
        4,
        (row) => {
          const c = customers.indexOf(row.int32(0));
          if (c < 0) return;
          customerIndex.push(c);
          time.push(row.timeMs(1));
          nameId.push(row.int16(2));
          value.push(row.float64(3));
        },
      );
    }
    return { customerIndex: customerIndex.finish(), time: time.finish(), nameId: nameId.finish(), value: value.finish() };
  }
}
