import type { Env } from '../config/env';
import { startEmbeddedPostgres } from './embedded-postgres';
import { migrate } from './migrator';

export interface OpenDatabase {
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

/** DATABASE_URL when set; otherwise the embedded PostgreSQL under RETAIN_HOME. Migrations applied either way. */
export async function openDatabase(env: Env, log: (line: string) => void): Promise<OpenDatabase> {
  const embedded = env.DATABASE_URL ? null : await startEmbeddedPostgres(env.retainHome, env.RETAIN_EMBEDDED_PG_PORT, log);
  const url = env.DATABASE_URL ?? embedded!.url;
  try {
    const result = await migrate(url);
    if (result.applied.length) log(`Applied migrations: ${result.applied.join(', ')}`);
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  return { url, embedded: embedded !== null, close: async () => embedded?.stop() };
}
