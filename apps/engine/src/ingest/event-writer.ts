import type { PoolClient } from 'pg';
import { prepared } from '../database/prepared';
import { stagingSql } from '../events/flow-event-outbox';

export interface EventRow {
  customerId: number;
  name: string;
  occurredAt: Date;
  properties: Record<string, unknown>;
  messageId?: string;
}

export interface StoredAndStaged {
  inserted: number;
  /** The messageIds stored now (every inserted row's). */
  insertedIds: Set<string>;
  /** Rows staged for the flows (the outbox). */
  staged: number;
  customersTable: string;
}

/**
 * Inserts all events and stages for the flows (FlowEventOutbox) those of them stored now whose
 * name is in `stageNames`, in ONE statement: atomic without a transaction around it, where BEGIN
 * and COMMIT would be two more round trips (under load every round trip queues for a core). A
 * messageId already stored (or repeated in the rows) is skipped by the unique index; the rows
 * travel as one JSON document (JSON.stringify is native, and PostgreSQL parses it once).
 * Stores nothing when `customersTable` is given and differs from the customers table's storage
 * now (the caller's cached customer ids would be stale: see IdentityCache); the filenode returned
 * is the one the guard compared.
 */
export async function insertAndStageEvents(
  client: PoolClient,
  rows: readonly EventRow[],
  source: string,
  options: { stageNames: readonly string[]; customersTable: string | undefined },
): Promise<StoredAndStaged> {
  const document = JSON.stringify(rows.map((row) => ({ c: row.customerId, n: row.name, t: row.occurredAt, p: row.properties, m: row.messageId ?? null })));
  const { rows: result } = await client.query<{ inserted: number; ids: string[] | null; staged: number; customers_table: string }>(
    // the filenode is read once (MATERIALIZED), so the guard and the value returned agree
    prepared(`WITH storage AS MATERIALIZED (SELECT pg_relation_filenode('customers')::text AS customers_table),
     inserted AS (
       INSERT INTO events (customer_id, name, occurred_at, properties, message_id, source)
       SELECT r.c, r.n, r.t, r.p, r.m, $2
         FROM json_to_recordset($1::json) AS r(c int, n text, t timestamptz, p jsonb, m text)
        WHERE $4::text IS NULL OR (SELECT customers_table FROM storage) = $4::text
       ON CONFLICT (message_id) DO NOTHING
       RETURNING customer_id, name, properties, occurred_at, message_id),
     ${stagingSql('inserted', '$3')}
     SELECT (SELECT count(*)::int FROM inserted) AS inserted, (SELECT array_agg(message_id) FROM inserted WHERE message_id IS NOT NULL) AS ids,
            (SELECT count(*)::int FROM staged) AS staged, (SELECT count(*)::int FROM notified) AS notified, (SELECT customers_table FROM storage) AS customers_table`,
    [document, source, options.stageNames, options.customersTable ?? null]),
  );
  const row = result[0];
  return { inserted: row.inserted, insertedIds: new Set(row.ids ?? []), staged: row.staged, customersTable: row.customers_table };
}
