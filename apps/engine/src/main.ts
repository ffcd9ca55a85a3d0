import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ensureFirstAdmin } from './auth/first-admin';
import { UsersService } from './auth/users.service';
import { loadEnv } from './config/env';
import { persistentSecret } from './config/secrets';
import { createApp } from './create-app';
import { openDatabase } from './database/open-database';
import { loadDemoOnFirstStart } from './demo/demo-step';
import type { StartupStep } from './startup-steps';

const STARTUP_STEPS: StartupStep[] = [loadDemoOnFirstStart];

async function main() {
  const env = loadEnv();
  const log = (line: string) => console.log(`[retain] ${line}`);
  const database = await openDatabase(env, log);
  const jwtSecret = persistentSecret(env, 'jwt-secret', env.JWT_SECRET);
  const app = await createApp({ env, databaseUrl: database.url, jwtSecret });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log(`${signal}: stopping`);
    await app.close().catch((e) => log(`close failed: ${e}`));
    await database.close().catch((e) => log(`database stop failed: ${e}`));
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const admin = await ensureFirstAdmin(app.get(UsersService), env);
  for (const step of STARTUP_STEPS) await step(app, env, log);
  await app.listen(env.PORT, env.HOST);
  const url = `http://${env.HOST === '0.0.0.0' ? 'localhost' : env.HOST}:${env.PORT}`;
  log(`Database: ${database.embedded ? `embedded PostgreSQL in ${env.retainHome}` : 'DATABASE_URL'}`);
  log(`Retain is running at ${url}  (API docs: ${url}/api/docs)`);
  log(`Sign in as ${admin.email} with password ${admin.password ?? '(set by RETAIN_ADMIN_PASSWORD)'}`);
}

main().catch((error) => {
  new Logger('Retain').error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
