import { rmSync } from 'node:fs';
import { dropDatabase } from './support/database';
import { E2E_ENV } from './support/e2e-env';
import { stopEngine } from './support/engine';
import { stopAnalyticsWorkspace } from './support/analytics-workspace';

/** Stops the engine the global setup started and drops its database. */
export default async function globalTeardown(): Promise<void> {
  await stopAnalyticsWorkspace();
  const pid = Number(process.env[E2E_ENV.enginePid]);
  if (pid > 0) await stopEngine(pid);
  const database = process.env[E2E_ENV.databaseName];
  if (database) await dropDatabase(database);
  const home = process.env[E2E_ENV.retainHome];
  if (home) rmSync(home, { recursive: true, force: true });
}
