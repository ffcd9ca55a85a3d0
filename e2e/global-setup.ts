import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDatabase, databaseUrl, dropDatabase } from './support/database';
import { ADMIN, E2E_ENV } from './support/e2e-env';
import { startEngine, stopEngine } from './support/engine';
import { seedThroughApi } from './support/seed';
import { startAnalyticsWorkspace } from './support/analytics-workspace';

/** A fresh database, the built engine on a free port, and the sample loaded through the API. */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const database = await createDatabase();
  const retainHome = mkdtempSync(path.join(tmpdir(), 'retain-e2e-'));
  let pid: number | undefined;
  try {
    const engine = await startEngine({
      DATABASE_URL: databaseUrl(database),
      JWT_SECRET: 'e2e-jwt-secret-that-is-long-enough-0123456789',
      RETAIN_ADMIN_EMAIL: ADMIN.email,
      RETAIN_ADMIN_PASSWORD: ADMIN.password,
      RETAIN_HOME: retainHome,
      LOG_LEVEL: 'warn',
    });
    pid = engine.pid;
    await seedThroughApi(engine.baseUrl);
    // A second engine with a slice of Online Retail, analysed and modelled, for the segment and model screens.
    await startAnalyticsWorkspace();
    process.env[E2E_ENV.baseUrl] = engine.baseUrl;
    process.env[E2E_ENV.databaseName] = database;
    process.env[E2E_ENV.enginePid] = String(engine.pid);
    process.env[E2E_ENV.retainHome] = retainHome;
    console.log(`[e2e] engine at ${engine.baseUrl}, database ${database}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    if (pid) await stopEngine(pid);
    await dropDatabase(database).catch(() => undefined);
    rmSync(retainHome, { recursive: true, force: true });
    throw error;
  }
}
