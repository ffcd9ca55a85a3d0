import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ensureFirstAdmin } from './auth/first-admin';
import { UsersService } from './auth/users.service';
import { loadEnv } from './config/env';
import { persistentSecret } from './config/secrets';
import { createApp } from './create-app';
import { computeDemoAnalyticsOnFirstStart } from './demo/demo-analytics-step';
import { loadDemoOnFirstStart } from './demo/demo-step';
import { openDatabase, OpenDatabase } from './database/open-database';
import type { StartupStep } from './startup-steps';

const STARTUP_STEPS: StartupStep[] = [loadDemoOnFirstStart, computeDemoAnalyticsOnFirstStart];

const log = (line: string) => console.log(`[retain] ${line}`);

/** What is running, so that a signal at any moment stops it in order: server, then database. */
const running: { app?: NestExpressApplication; database?: OpenDatabase; closing: boolean } = { closing: false };

async function shutdown(reason: string, exitCode: number) {
  if (running.closing) return;
  running.closing = true;
  log(`${reason}: stopping`);
  await running.app?.close().catch((e) => log(`closing the server failed: ${e}`));
  await running.database?.close().catch((e) => log(`stopping the database failed: ${e}`));
  process.exit(exitCode);
}

async function main() {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void shutdown(signal, 0));
  const env = loadEnv();
  running.database = await openDatabase(env, log);
  const jwtSecret = persistentSecret(env, 'jwt-secret', env.JWT_SECRET);
  running.app = await createApp({ env, databaseUrl: running.database.url, jwtSecret });
  // Process roles (RETAIN_ROLES): without `api` this process serves no HTTP; it runs the queue
  // workers and/or the scheduler (reconciler, crons), started by the application's lifecycle.
  if (!env.RETAIN_ROLES.includes('api')) {
    await running.app.init();
    log(`Retain is running as ${env.RETAIN_ROLES.join(' + ')} (no HTTP server)`);
    return;
  }
  const admin = await ensureFirstAdmin(running.app.get(UsersService), env);
  for (const step of STARTUP_STEPS) {
    if (running.closing) return;
    await step(running.app, env, log);
  }
  if (running.closing) return;
  await running.app.listen(env.PORT, env.HOST);
  // Event sources keep connections open between calls. Node closes an idle one after 5 s, which
  // races with a client sending on it (ECONNRESET, a lost event for clients that do not retry);
  // outlast the usual client and load-balancer idle timeouts (60 s) instead.
  const server = running.app.getHttpServer() as import('node:http').Server;
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const url = `http://${env.HOST === '0.0.0.0' ? 'localhost' : env.HOST}:${env.PORT}`;
  log(`Database: ${running.database.embedded ? `embedded PostgreSQL in ${env.retainHome}` : 'DATABASE_URL'}`);
  log(`Retain is running at ${url}  (API docs: ${url}/api/docs)`);
  log(`Sign in as ${admin.email} with password ${admin.password}`);
}

main().catch((error) => {
  if (running.closing) return;
  new Logger('Retain').error(error instanceof Error ? error.message : String(error));
  void shutdown('Start failed', 1);
});
