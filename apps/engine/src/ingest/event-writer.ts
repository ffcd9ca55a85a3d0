import type { PoolClient } from 'pg';

export interface EventRow {
  customerId: number;
  name: string;
  occurredAt: Date;
  properties: Record<string, unknown>;
  messageId?: string;
}

export interface WrittenEvents {
  inserted: number;
  /** Of the `watched` messageIds, those stored now (the others were stored before: re-sent). */
  insertedWatched: Set<string>;
}

/**
 * Inserts all events in one statement; a messageId already stored (or repeated in the rows) is
 * skipped by the unique index. `watched` names the messageIds whose side effects (traits) must
 * only be applied when the message is new.
 */
export async function insertEvents(client: PoolClient, rows: readonly EventRow[], source: string, watched: readonly string[]): Promise<WrittenEvents> {
  if (rows.length === 0) return { inserted: 0, insertedWatched: new Set() };
  const customerIds = new Array<number>(rows.length);
  const names = new Array<string>(rows.length);
  const times = new Array<string>(rows.length);
  const properties = new Array<string>(rows.length);
  const messageIds = new Array<string | null>(rows.length);
  rows.forEach((row, i) => {
    customerIds[i] = row.customerId;
    names[i] = row.name;
    times[i] = row.occurredAt.toISOString();
    properties[i] = JSON.stringify(row.properties);
    messageIds[i] = row.messageId ?? null;
  });
  const { rows: result } = await client.query<{ inserted: number; watched: string[] | null }>(
    `WITH inserted AS (
       INSERT INTO events (customer_id, name, occurred_at, properties, message_id, source)
       SELECT customer_id, name, occurred_at, properties::jsonb, message_id, $6
         FROM unnest($1::int[], $2::text[], $3::timestamptz[], $4::text[], $5::text[]) AS r(customer_id, name, occurred_at, properties, message_id)
       ON CONFLICT (message_id) DO NOTHING
       RETURNING message_id)
     SELECT count(*)::int AS inserted, array_agg(message_id) FILTER (WHERE message_id = ANY($7::text[])) AS watched FROM inserted`,
    [customerIds, names, times, properties, messageIds, source, watched],
  );
  return { inserted: result[0].inserted, insertedWatched: new Set(result[0].watched ?? []) };
}
