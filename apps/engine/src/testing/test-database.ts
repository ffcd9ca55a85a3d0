import { Client } from 'pg';

/** The server the integration tests use: the machine's PostgreSQL (CI has the same). */
export const TEST_SERVER_URL = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(name: string): string {
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function createDatabase(name: string): Promise<string> {
  const client = new Client({ connectionString: TEST_SERVER_URL });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  return databaseUrl(name);
}

export async function dropDatabase(name: string): Promise<void> {
  const client = new Client({ connectionString: TEST_SERVER_URL });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/**
 * Empties every table and restarts the id sequences. Its own connection, not an app's pool: a step
 * batch may hold row locks while it waits for a pool connection, and every pool connection may be
 * queued behind this TRUNCATE; with a lock timeout the TRUNCATE steps back, the queue drains, and
 * the next attempt gets through.
 */
export async function emptyAllTables(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`);
    if (!tables.length) return;
    const truncate = `TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`;
    await client.query(`SET lock_timeout = '2s'`);
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(truncate);
        return;
      } catch (error) {
        // 40P01 deadlock with an app's background work, 55P03 lock timeout: both are retried
        const code = (error as { code?: string }).code;
        if (attempt >= 15 || (code !== '40P01' && code !== '55P03')) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  } finally {
    await client.end();
  }
}
