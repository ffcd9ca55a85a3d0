// Staged flow events announce themselves: the transaction that stages them also NOTIFYs this
// channel (delivered by PostgreSQL at commit, to every listening session), so a worker process
// dispatches events that an API process took at once instead of on its next poll.
import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Client } from 'pg';

export const OUTBOX_CHANNEL = 'retain_flow_event_outbox';

/**
 * The payload of this process's notifications: its own dispatcher was woken in memory already
 * (FlowEventOutbox.committed), so it skips them (a second wake would only make smaller batches).
 */
export const THIS_PROCESS = randomUUID();

/** How long a lost listening connection waits before it tries again (the poll covers the gap). */
const RECONNECT_MS = 1_000;
/** A connection attempt that takes longer is given up (and tried again). */
const CONNECT_TIMEOUT_MS = 5_000;

export interface OutboxListener {
  /** Settles once LISTEN is in place for the first time (or the first attempt failed). */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Listens on OUTBOX_CHANNEL on a connection of its own (not a pooled one: it is held for the
 * process's life) and calls `onNotify` for each notification from another process; reconnects when
 * the connection drops.
 * TCP keep-alive makes a connection that a firewall dropped in silence fail instead of going deaf.
 */
export function listenForStagedEvents(connectionString: string, onNotify: () => void, options: { fromThisProcessToo?: boolean } = {}): OutboxListener {
  const logger = new Logger('Triggers');
  let client: Client | null = null;
  let connecting: Promise<void> | null = null;
  let retry: NodeJS.Timeout | null = null;
  let closed = false;

  const reconnectLater = (from: Client, reason: string) => {
    // a late error of a connection already replaced says nothing about the current one
    if (closed || retry || (client !== null && client !== from)) return;
    logger.warn(`Listening for staged events stopped (${reason}); trying again in ${RECONNECT_MS} ms, polling meanwhile.`);
    client = null;
    from.end().catch(() => undefined);
    retry = setTimeout(() => {
      retry = null;
      connect();
    }, RECONNECT_MS);
    retry.unref();
  };

  const connect = (): Promise<void> => {
    const next = new Client({ connectionString, keepAlive: true, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    next.on('notification', (message) => {
      if (options.fromThisProcessToo || message.payload !== THIS_PROCESS) onNotify();
    });
    next.on('error', (error) => reconnectLater(next, error.message));
    connecting = (async () => {
      try {
        await next.connect();
        await next.query(`LISTEN ${OUTBOX_CHANNEL}`);
        if (closed) await next.end();
        else client = next;
      } catch (error) {
        await next.end().catch(() => undefined);
        reconnectLater(next, (error as Error).message);
      } finally {
        connecting = null;
      }
    })();
    return connecting;
  };

  const ready = connect();
  return {
    ready,
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      await connecting; // bounded by CONNECT_TIMEOUT_MS
      await client?.end().catch(() => undefined);
      client = null;
    },
  };
}
