import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import { ApiKeysService } from '../auth/api-keys.service';
import type { ApiKeyScope } from '../auth/access.decorator';
import { UsersService } from '../auth/users.service';
import { loadEnv } from '../config/env';
import { createApp } from '../create-app';
import { PrismaService } from '../database/prisma.service';
import type { Role } from '../generated/prisma/enums';
import { emptyAllTables } from './test-database';

export interface TestApp {
  app: NestExpressApplication;
  baseUrl: string;
  prisma: PrismaService;
  /** fetch against the app; `auth` is a session token or an API key, sent as Bearer. */
  request(method: string, path: string, options?: { auth?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> }): Promise<TestResponse>;
  /** Creates a user with that role (unique email) and returns a session token. */
  tokenFor(role: Role): Promise<string>;
  apiKey(scopes: ApiKeyScope[]): Promise<string>;
  /** Empties every table (between test files that need a clean slate). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export interface TestResponse {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Headers;
}

let counter = 0;

/** Starts the real application on a random port against the run's test database. */
export async function startTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is not set: run integration tests through jest (global-setup creates the database).');
  const env = loadEnv({ DATABASE_URL: databaseUrl, JWT_SECRET: 'test-secret-test-secret-test-secret-0123', LOG_LEVEL: 'warn', RETAIN_HOME: '/tmp/retain-test-home', ...overrides });
  const app = await createApp({ env, databaseUrl, jwtSecret: env.JWT_SECRET! });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const prisma = app.get(PrismaService);

  const request: TestApp['request'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.auth) headers.authorization = `Bearer ${options.auth}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(baseUrl + path, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: response.status, body: parsed, headers: response.headers };
  };

  return {
    app,
    baseUrl,
    prisma,
    request,
    async tokenFor(role) {
      const email = `${role}-${process.pid}-${++counter}-${Date.now()}@test.local`;
      const password = 'correct-horse-battery';
      await app.get(UsersService).create(undefined, { email, role, password });
      const login = await request('POST', '/api/auth/login', { body: { email, password } });
      if (login.status !== 200) throw new Error(`login failed: ${JSON.stringify(login.body)}`);
      return login.body.token as string;
    },
    async apiKey(scopes) {
      const created = await app.get(ApiKeysService).create(undefined, `test ${scopes.join('+')}`, scopes);
      return created.key;
    },
    reset: () => emptyAllTables(databaseUrl),
    close: () => app.close(),
  };
}
