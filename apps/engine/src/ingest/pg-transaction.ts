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

/** Runs `work` in one transaction on one pool client, re-running it after a lost race (with jitter). */
export async function inRetriedTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      if (attempt < MAX_ATTEMPTS && isRetryable(error)) {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
        continue;
      }
      throw toDomainError(error);
    } finally {
      client.release(broken);
    }
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
