import type { Pool, PoolClient } from 'pg';
import { DomainError } from '../common/errors/domain-error';

/** Thrown when a concurrent request changed an identity we were about to use: the whole transaction is re-run. */
export class IdentityRaceError extends Error {
  constructor(what: string) {
    super(`identity changed concurrently: ${what}`);
    this.name = 'IdentityRaceError';
  }
}

/**
 * SQLSTATEs after which re-running the transaction from the start is correct:
 * deadlock, serialization failure, a customer deleted by a concurrent merge (foreign key),
 * a unique key taken by a concurrent insert.
 */
const RETRYABLE = new Set(['40P01', '40001', '23503', '23505']);
const MAX_ATTEMPTS = 6;

export function isRetryable(error: unknown): boolean {
  return error instanceof IdentityRaceError || RETRYABLE.has((error as { code?: string })?.code ?? '');
}

/** Lock or statement timeout, too many connections, the server shutting a connection down. */
const PASSING = new Set(['55P03', '57014', '53300', '57P01']);

/**
 * A failure that passes by itself: a retryable one (above), a timeout, or a lost or refused
 * connection. Work that failed so is tried again as it is, without counting it against the work.
 */
export function isTransient(error: unknown): boolean {
  if (isRetryable(error)) return true;
  const code = (error as { code?: string })?.code ?? '';
  if (PASSING.has(code) || code.startsWith('08')) return true;
  return /Connection terminated|timeout exceeded when trying to connect|ECONNREFUSED|ECONNRESET/.test((error as Error)?.message ?? '');
}

/**
 * Runs `work` with one pool client, running it again from the start after a lost race (with
 * jitter). `work` opens its transaction with `inTransaction`.
 */
export async function withRetries<T>(pool: Pool, work: (client: PoolClient) => Promise<T>, beforeRetry: (error: unknown) => void = () => undefined): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      return await work(client);
    } catch (error) {
      broken = (error as { broken?: Error }).broken;
      if (attempt < MAX_ATTEMPTS && isRetryable(error)) {
        beforeRetry(error);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
        continue;
      }
      throw toDomainError(error);
    } finally {
      client.release(broken);
    }
  }
}

/** BEGIN, `work`, COMMIT; ROLLBACK on any error (a client whose ROLLBACK fails is marked broken, not reused). */
export async function inTransaction<T>(client: PoolClient, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      if (error && typeof error === 'object') Object.assign(error, { broken: rollbackError });
    });
    throw error;
  }
}

/**
 * A connection from the pool, `work` in a transaction on it (inTransaction), the connection given
 * back; closed instead when its ROLLBACK failed (say, after a COPY broken midway).
 */
export async function inPoolTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    return await inTransaction(client, () => work(client));
  } catch (error) {
    broken = (error as { broken?: Error }).broken;
    throw error;
  } finally {
    client.release(broken);
  }
}

/** PostgreSQL data exceptions (class 22: a value it cannot store) are the caller's input, not our failure. */
function toDomainError(error: unknown): unknown {
  const pg = error as { code?: string; message?: string };
  if (typeof pg?.code === 'string' && pg.code.startsWith('22')) {
    return new DomainError('VALIDATION_FAILED', `A value in the request cannot be stored: ${pg.message}.`);
  }
  return error;
}
