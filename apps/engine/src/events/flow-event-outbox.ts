// Tracked events that a flow reacts to travel from ingestion to the runtime through a table, not
// through memory: the writer stages them in the transaction that stores the events, so a track
// call can return at its commit without waiting for enrollments, and a crash between the commit
// and the enrollment loses nothing (the runtime's dispatcher finds the rows on its next look).
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import type { TrackedEvent } from './domain-events';
import { OUTBOX_CHANNEL, THIS_PROCESS } from './outbox-notifications';

@Injectable()
export class FlowEventOutbox {
  /** Event names some published flow starts on, waits for or counts as a goal; null until the runtime said. */
  private watched: ReadonlySet<string> | null = null;
  private readonly listeners = new Set<() => void>();

  /** The runtime's trigger index calls it whenever the published flows change. */
  watch(names: Iterable<string>): void {
    this.watched = new Set(names);
  }

  /** The names `stage` keeps (none until the runtime said): for statements that stage with `stagingSql`. */
  watchedNames(): string[] {
    return this.watched ? [...this.watched] : [];
  }

  /** Stages the events some flow reacts to, on the caller's transaction. Returns how many. */
  async stage(client: PoolClient, events: readonly TrackedEvent[]): Promise<number> {
    const watched = this.watched;
    if (!watched || watched.size === 0) return 0;
    const relevant = events.filter((event) => watched.has(event.name));
    if (!relevant.length) return 0;
    // the NOTIFY reaches worker processes at commit (outbox-notifications.ts); same round trip
    await client.query(
      `WITH tracked AS (SELECT * FROM unnest($1::int[], $2::text[], $3::jsonb[], $4::timestamptz[]) AS u(customer_id, name, properties, occurred_at)),
       ${stagingSql('tracked', '$5')}
       SELECT count(*) FROM notified`,
      [relevant.map((e) => e.customerId), relevant.map((e) => e.name), relevant.map((e) => JSON.stringify(e.properties ?? {})), relevant.map((e) => e.occurredAt.toISOString()), relevant.map((e) => e.name)],
    );
    return relevant.length;
  }

  /** After the staging transaction committed: wakes this process's dispatcher (others hear the NOTIFY). */
  committed(): void {
    for (const listener of this.listeners) listener();
  }

  onCommitted(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/**
 * CTEs `staged` and `notified` for a statement that stages rows of `source` (a relation or CTE
 * with customer_id, name, properties jsonb, occurred_at) whose name is in the text[] parameter
 * `namesParam`, and NOTIFYs once if it staged any. `notified` is a plain SELECT, which PostgreSQL
 * runs only if the statement reads it: read `(SELECT count(*) FROM notified)`.
 */
export function stagingSql(source: string, namesParam: string): string {
  return `staged AS (
      INSERT INTO flow_event_outbox (customer_id, name, properties, occurred_at)
      SELECT customer_id, name, properties, occurred_at FROM ${source} WHERE name = ANY(${namesParam}::text[])
      RETURNING 1),
    notified AS (SELECT pg_notify('${OUTBOX_CHANNEL}', '${THIS_PROCESS}') FROM (SELECT 1 FROM staged LIMIT 1) AS any_staged)`;
}
