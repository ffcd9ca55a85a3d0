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
  /** Was the message stored now (not a re-send)? A message without a messageId always is. */
  isNew(messageId: string | undefined): boolean;
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
  // without flows watching any name, the rows need not carry their properties on to a staging step
  const staging = options.stageNames.length > 0;
  const { rows: result } = await client.query<{ inserted: number; ids: string[] | null; staged: number; customers_table: string }>(
    // the filenode is read once (MATERIALIZED), so the guard and the value returned agree
    prepared(
      `WITH storage AS MATERIALIZED (SELECT pg_relation_filenode('customers')::text AS customers_table),
       inserted AS (
         INSERT INTO events (customer_id, name, occurred_at, properties, message_id, source)
         SELECT r.c, r.n, r.t, r.p, r.m, $2
           FROM json_to_recordset($1::json) AS r(c int, n text, t timestamptz, p jsonb, m text)
          WHERE $3::text IS NULL OR (SELECT customers_table FROM storage) = $3::text
         ON CONFLICT (message_id) DO NOTHING
         RETURNING ${staging ? 'customer_id, name, properties, occurred_at, message_id' : 'message_id'})
       ${staging ? `, ${stagingSql('inserted', '$5')}` : ''}
       SELECT (SELECT count(*)::int FROM inserted) AS inserted,
              -- the messageIds stored now, only when some rows were re-sends (else every row is new)
              CASE WHEN (SELECT count(*) FROM inserted) < $4::int THEN (SELECT coalesce(array_agg(message_id), '{}') FROM inserted WHERE message_id IS NOT NULL) END AS ids,
              ${staging ? '(SELECT count(*)::int FROM staged) AS staged, (SELECT count(*)::int FROM notified) AS notified' : '0 AS staged'},
              (SELECT customers_table FROM storage) AS customers_table`,
      [document, source, options.customersTable ?? null, rows.length, ...(staging ? [options.stageNames] : [])],
    ),
  );
  const row = result[0];
  const stored = row.ids ? new Set(row.ids) : null;
  const isNew = (messageId: string | undefined) => messageId === undefined || stored === null || stored.has(messageId);
  return { inserted: row.inserted, isNew, staged: row.staged, customersTable: row.customers_table };
}
