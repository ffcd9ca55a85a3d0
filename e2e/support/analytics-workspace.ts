import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createDatabase, databaseUrl, dropDatabase } from './database';
import { ADMIN, ANALYST } from './e2e-env';
import { REPO_ROOT, startEngine, stopEngine } from './engine';

/**
 * A second engine for the segment, model and score screens: its own database holding a real slice
 * of the Online Retail data set (every 8th customer, all their invoice lines, ~550 customers),
 * imported, analysed (features, RFM, clusters) and modelled (churn) through the public API.
 * It is separate from the main engine so the customers tests keep their four known customers.
 */
export const ANALYTICS_ENV = {
  baseUrl: 'RETAIN_E2E_ANALYTICS_BASE_URL',
  databaseName: 'RETAIN_E2E_ANALYTICS_DATABASE',
  enginePid: 'RETAIN_E2E_ANALYTICS_PID',
  retainHome: 'RETAIN_E2E_ANALYTICS_HOME',
} as const;

/** A marketer of the analytics workspace (edits segments, no admin screens). */
export const MARKETER = { email: 'marketer@e2e.retain.test', password: 'e2e-marketer-password-1' };

const ONLINE_RETAIL = path.join(process.env.RETAIN_DATA_DIR ?? path.resolve(REPO_ROOT, '..', 'shared', 'data'), 'online_retail.csv.gz');
/** Customers whose id is a multiple of this are kept. */
const EVERY_NTH_CUSTOMER = 8;

/** Segments the browser tests read; names are what the tests look for. */
export const SEEDED_SEGMENTS = {
  atRisk: 'At Risk',
  champions: 'Champions',
  highRisk: 'High churn risk',
  bigSpenders: 'Big spenders',
  handPicked: 'Hand-picked',
} as const;

async function call<T>(baseUrl: string, method: string, route: string, auth: string, body?: unknown): Promise<{ status: number; body: T }> {
  const isForm = body instanceof FormData;
  const response = await fetch(`${baseUrl}${route}`, {
    method,
    headers: { authorization: auth, ...(body === undefined || isForm ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

async function ok<T>(baseUrl: string, method: string, route: string, auth: string, body?: unknown): Promise<T> {
  const answer = await call<T>(baseUrl, method, route, auth, body);
  if (answer.status >= 300) throw new Error(`${method} ${route} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

async function waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
}

/** The header and the lines of every 8th customer of the real file, as a CSV file. */
async function writeRetailSlice(directory: string): Promise<{ file: string; customerIds: string[] }> {
  const lines = gunzipSync(await readFile(ONLINE_RETAIL)).toString('utf8').split('\n');
  const kept = [lines[0]];
  const customers = new Set<string>();
  for (let i = 1; i < lines.length; i++) {
    // CustomerID is the 7th of 8 columns; descriptions may hold quoted commas, so read from the end.
    const columns = lines[i].split(',');
    const customerId = columns[columns.length - 2];
    if (!customerId || Number(customerId) % EVERY_NTH_CUSTOMER !== 0) continue;
    kept.push(lines[i]);
    customers.add(customerId);
  }
  const file = path.join(directory, 'online_retail_slice.csv');
  writeFileSync(file, `${kept.join('\n')}\n`);
  return { file, customerIds: [...customers].sort() };
}

/** Import, facts, a churn model and a few segments of every kind, all through the API. */
export async function seedAnalytics(baseUrl: string, directory: string): Promise<void> {
  const login = await ok<{ token: string }>(baseUrl, 'POST', '/api/auth/login', '', { email: ADMIN.email, password: ADMIN.password });
  const admin = `Bearer ${login.token}`;

  const slice = await writeRetailSlice(directory);
  const form = new FormData();
  form.set('kind', 'transactions');
  form.set('preset', 'online-retail');
  form.set('file', new Blob([await readFile(slice.file)], { type: 'text/csv' }), 'online_retail_slice.csv');
  await ok(baseUrl, 'POST', '/api/imports', admin, form);

  await ok(baseUrl, 'POST', '/api/segmentation/refresh', admin);
  await waitFor('the clustering run', 120_000, async () => ((await call(baseUrl, 'GET', '/api/segmentation/clusters', admin)).status === 200 ? true : undefined));

  const run = await ok<{ id: number }>(baseUrl, 'POST', '/api/models/train', admin, { population: 'transactions', minimumPerClass: 20 });
  await waitFor('the churn training run', 180_000, async () => {
    const { status, error } = await ok<{ status: string; error: string | null }>(baseUrl, 'GET', `/api/models/runs/${run.id}`, admin);
    if (status === 'failed') throw new Error(`Churn training failed: ${error}`);
    return status === 'succeeded' ? true : undefined;
  });

  const segments = [
    { kind: 'rfm', name: SEEDED_SEGMENTS.atRisk, description: 'RFM: used to buy often and spend a lot, but not lately', definition: { segments: ['At Risk'] } },
    { kind: 'rfm', name: SEEDED_SEGMENTS.champions, description: 'RFM: bought recently, buy often, spend the most', definition: { segments: ['Champions'] } },
    { kind: 'scoreBand', name: SEEDED_SEGMENTS.highRisk, description: 'Churn risk of at least 0.7', definition: { model: 'churn', min: 0.7 } },
    { kind: 'rule', name: SEEDED_SEGMENTS.bigSpenders, description: 'Net revenue above 2,000', definition: { condition: { all: [{ fact: 'features.monetary', operator: 'greaterThan', value: 2000 }] } } },
    { kind: 'manual', name: SEEDED_SEGMENTS.handPicked, description: 'A short list', definition: { externalIds: slice.customerIds.slice(0, 3) } },
  ];
  for (const segment of segments) await ok(baseUrl, 'POST', '/api/segments', admin, segment);

  await ok(baseUrl, 'POST', '/api/users', admin, { email: ANALYST.email, name: 'E2E Analyst', role: 'analyst', password: ANALYST.password });
  await ok(baseUrl, 'POST', '/api/users', admin, { email: MARKETER.email, name: 'E2E Marketer', role: 'marketer', password: MARKETER.password });
}

/** Starts the analytics engine on a fresh database and seeds it; its details travel in environment variables. */
export async function startAnalyticsWorkspace(): Promise<void> {
  const started = Date.now();
  const database = await createDatabase();
  const retainHome = mkdtempSync(path.join(tmpdir(), 'retain-e2e-analytics-'));
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
    await seedAnalytics(engine.baseUrl, retainHome);
    process.env[ANALYTICS_ENV.baseUrl] = engine.baseUrl;
    process.env[ANALYTICS_ENV.databaseName] = database;
    process.env[ANALYTICS_ENV.enginePid] = String(engine.pid);
    process.env[ANALYTICS_ENV.retainHome] = retainHome;
    console.log(`[e2e] analytics engine at ${engine.baseUrl}, database ${database}, seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    if (pid) await stopEngine(pid);
    await dropDatabase(database).catch(() => undefined);
    rmSync(retainHome, { recursive: true, force: true });
    throw error;
  }
}

/** Stops the analytics engine and drops its database; never throws, so the main teardown still runs. */
export async function stopAnalyticsWorkspace(): Promise<void> {
  try {
    const pid = Number(process.env[ANALYTICS_ENV.enginePid]);
    if (pid > 0) await stopEngine(pid);
    const database = process.env[ANALYTICS_ENV.databaseName];
    if (database) await dropDatabase(database);
    const home = process.env[ANALYTICS_ENV.retainHome];
    if (home) rmSync(home, { recursive: true, force: true });
  } catch (error) {
    console.warn(`[e2e] stopping the analytics engine failed: ${(error as Error).message}`);
  }
}

export function readAnalyticsBaseUrl(): string {
  const value = process.env[ANALYTICS_ENV.baseUrl];
  if (!value) throw new Error(`${ANALYTICS_ENV.baseUrl} is not set: the Playwright global setup (e2e/global-setup.ts) did not start the analytics engine.`);
  return value;
}
