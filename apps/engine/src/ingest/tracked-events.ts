import type { PoolClient } from 'pg';
import type { TrackedEvent } from '../events/domain-events';
import type { EventRow } from './event-writer';

/**
 * The rows this transaction stored, as the events flows react to. Usually every row or none was
 * new (a first send, or a retried batch); only a batch mixing new and re-sent messageIds needs
 * one more query inside the transaction: rows whose xmin is this transaction were written by it.
 */
export async function newlyStoredEvents(
  client: PoolClient,
  rows: readonly EventRow[],
  inserted: number,
  /** The messageIds stored now, when the caller knows them all (rows then carry each messageId once). */
  storedNow?: ReadonlySet<string>,
): Promise<TrackedEvent[]> {
  if (inserted === 0) return [];
  let isNew: (row: EventRow) => boolean = () => true;
  if (inserted < rows.length && storedNow) {
    isNew = (row) => row.messageId === undefined || storedNow.has(row.messageId);
  } else if (inserted < rows.length) {
    const withIds = rows.filter((row) => row.messageId !== undefined).map((row) => row.messageId!);
    const { rows: stored } = await client.query<{ message_id: string }>(
      'SELECT message_id FROM events WHERE message_id = ANY($1::text[]) AND xmin = pg_current_xact_id()::xid',
      [withIds],
    );
    const now = new Set(stored.map((r) => r.message_id));
    // a messageId repeated within the rows was inserted once: the first copy is the new one
    const seen = new Set<string>();
    isNew = (row) => {
      if (row.messageId === undefined) return true;
      if (!now.has(row.messageId) || seen.has(row.messageId)) return false;
      seen.add(row.messageId);
      return true;
    };
  }
  return rows.filter(isNew).map((row) => ({ customerId: row.customerId, name: row.name, properties: row.properties, occurredAt: row.occurredAt }));
}
