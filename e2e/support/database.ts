import { Client } from 'pg';
import { POSTGRES_URL } from './e2e-env';

/** A URL for one database on the test PostgreSQL server. */
export function databaseUrl(name: string): string {
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function onServer<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl('postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database `retain_e2e_<timestamp>`; the engine migrates it when it starts. */
export async function createDatabase(): Promise<string> {
  const name = `retain_e2e_${Date.now()}_${process.pid}`;
  await onServer((client) => client.query(`CREATE DATABASE "${name}"`));
  return name;
}

export async function dropDatabase(name: string): Promise<void> {
  if (!/^retain_e2e_[0-9_]+$/.test(name)) throw new Error(`Refusing to drop ${name}: not an e2e database.`);
  await onServer((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}
