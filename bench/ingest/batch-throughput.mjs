#!/usr/bin/env node
// Ingestion throughput through the Segment-compatible POST /v1/batch, against the built engine
// and a real PostgreSQL: how many events per second a Segment source can push into Retain.
//
//   node bench/ingest/batch-throughput.mjs [--events 200000] [--batch 500] [--concurrency 8]
//        [--users 3000] [--skip-build] [--json] [--engine-log]
//
// Creates a fresh database on postgresql://postgres@127.0.0.1:5432 (BENCH_POSTGRES_URL to change)
// and drops it afterwards; with DATABASE_URL it uses that database instead and leaves it in place
// (its admin must then match RETAIN_ADMIN_EMAIL / RETAIN_ADMIN_PASSWORD). Talks to 127.0.0.1 only.
// Checks that the database holds exactly the events sent, and that re-sending a batch adds none.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ENGINE_NODE_ARGS } from '../../scripts/engine-node-args.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '200000' },
    batch: { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '8' },
    users: { type: 'string', default: '3000' },
    'skip-build': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    'engine-log': { type: 'boolean', default: false },
  },
});
const TOTAL_EVENTS = bounded('events', 1, 2_000_000);
const BATCH_SIZE = bounded('batch', 1, 2000);
const CONCURRENCY = bounded('concurrency', 1, 64);
const USERS = bounded('users', 1, 1_000_000);
const WARMUP_BATCHES = 4;
/** The whole run (build excluded) must finish in this time, or it is stopped. */
const TIME_LIMIT_MS = 10 * 60 * 1000;
const ADMIN_EMAIL = process.env.RETAIN_ADMIN_EMAIL ?? 'admin@retain.local';
const ADMIN_PASSWORD = process.env.RETAIN_ADMIN_PASSWORD ?? 'bench-admin-password';
const SERVER_URL = process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

const log = (line) => {
  if (!args.json) console.log(`[bench:ingest] ${line}`);
};

function bounded(name, min, max) {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}`);
  return n;
}

/** Deterministic pseudo-random numbers (mulberry32): every run sends the same data. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EVENT_NAMES = ['Product Viewed', 'Product Added', 'Order Completed', 'Checkout Started', 'Signed In', 'Feature Used', 'Support Ticket Opened'];
const PLANS = ['free', 'starter', 'pro', 'enterprise'];
const COUNTRIES = ['GB', 'FR', 'DE', 'NL', 'US', 'ES'];

/**
 * A realistic mix. Known users (--users) act through the server (userId only) or a browser
 * (userId and the device's anonymousId, as analytics.js sends after identify); visitors (a third
 * as many) browse anonymously and some sign in, which merges their anonymous customer.
 *   70 % track of a known user (a few properties), 10 % page of a known user,
 *   10 % track or page of an anonymous visitor, 6 % identify of a known user with traits
 *   (mostly the same traits again, as libraries re-send them), 4 % identify of a visitor signing in.
 */
function makeMessages(runId, count, firstIndex, rand) {
  const visitors = Math.max(1, Math.round(USERS / 3));
  const base = Date.now() - 30 * 24 * 3600 * 1000;
  const messages = [];
  for (let i = firstIndex; i < firstIndex + count; i++) {
    const roll = rand();
    const user = Math.floor(rand() * USERS);
    const visitor = Math.floor(rand() * visitors);
    const common = { messageId: `${runId}-${i}`, timestamp: new Date(base + i * 10_000 + Math.floor(rand() * 1000)).toISOString() };
    // Even users use the web app (their device id comes along), odd ones are seen by the server only.
    const who = user % 2 === 0 ? { userId: `user-${user}`, anonymousId: `device-${user}` } : { userId: `user-${user}` };
    if (roll < 0.7) {
      messages.push({
        type: 'track',
        ...who,
        event: EVENT_NAMES[Math.floor(rand() * EVENT_NAMES.length)],
        properties: { sku: `SKU-${Math.floor(rand() * 500)}`, price: Math.round(rand() * 10000) / 100, quantity: 1 + Math.floor(rand() * 3), currency: 'GBP' },
        context: { library: { name: 'analytics-node', version: '6.2.0' } },
        ...common,
      });
    } else if (roll < 0.8) {
      messages.push({ type: 'page', ...who, name: 'Pricing', properties: { path: '/pricing', title: 'Pricing' }, ...common });
    } else if (roll < 0.9) {
      messages.push(
        rand() < 0.5
          ? { type: 'track', anonymousId: `visitor-${visitor}`, event: 'Product Viewed', properties: { sku: `SKU-${Math.floor(rand() * 500)}` }, ...common }
          : { type: 'page', anonymousId: `visitor-${visitor}`, name: 'Landing', properties: { path: '/landing', referrer: 'https://search.example/' }, ...common },
      );
    } else if (roll < 0.96) {
      const plan = rand() < 0.97 ? PLANS[user % PLANS.length] : PLANS[(user + 1) % PLANS.length]; // sometimes an upgrade
      messages.push({
        type: 'identify',
        ...who,
        traits: { email: `user-${user}@example.com`, name: `User ${user}`, plan, country: COUNTRIES[user % COUNTRIES.length], seats: 1 + (user % 20) },
        ...common,
      });
    } else {
      // A visitor signs in: always as the same user, so the anonymous customer merges once.
      messages.push({ type: 'identify', userId: `user-${(visitor * 7) % USERS}`, anonymousId: `visitor-${visitor}`, traits: { signedUpFrom: 'landing' }, ...common });
    }
  }
  return messages;
}

function batchesOf(messages) {
  const bodies = [];
  for (let i = 0; i < messages.length; i += BATCH_SIZE) {
    bodies.push({ count: Math.min(BATCH_SIZE, messages.length - i), body: JSON.stringify({ batch: messages.slice(i, i + BATCH_SIZE), sentAt: new Date().toISOString() }) });
  }
  return bodies;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function admin(sql) {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

function build() {
  for (const [command, commandArgs] of [
    [process.execPath, ['scripts/prisma.mjs', 'generate']],
    ['npx', ['tsc', '-b', 'apps/engine/tsconfig.build.json']],
  ]) {
    const result = spawnSync(command, commandArgs, { cwd: root, stdio: args.json ? 'ignore' : 'inherit' });
    if (result.status !== 0) throw new Error(`build failed: ${command} ${commandArgs.join(' ')}`);
  }
}

async function startEngine(databaseUrl, port, home) {
  // BENCH_ENGINE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the engine.
  // The engine runs with the V8 flags `npm start` gives it (scripts/engine-node-args.mjs).
  const nodeArgs = (process.env.BENCH_ENGINE_NODE_ARGS ?? ENGINE_NODE_ARGS.join(' ')).split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, path.join(root, 'apps/engine/dist/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      JWT_SECRET: 'bench-jwt-secret-bench-jwt-secret-0123456789',
      RETAIN_ADMIN_EMAIL: ADMIN_EMAIL,
      RETAIN_ADMIN_PASSWORD: ADMIN_PASSWORD,
      RETAIN_HOME: home,
      RETAIN_DEMO: '0',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the engine exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) throw new Error(`the engine did not answer within 60 s:\n${output}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (response.ok) break;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    pid: child.pid,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** CPU seconds (user + system) a process has used so far; 0 when /proc cannot tell (not Linux, or gone). */
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}

/**
 * The CPU the engine and the PostgreSQL backends serving it use: on a shared machine the wall
 * clock depends on what else runs; CPU per event does much less.
 */
async function cpuMeter(db, databaseName, enginePid) {
  const read = async () => {
    const { rows } = await db.query('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [databaseName]);
    return { engine: cpuSeconds(enginePid), backends: new Map(rows.map((r) => [r.pid, cpuSeconds(r.pid)])) };
  };
  const before = await read();
  return async () => {
    const after = await read();
    let postgres = 0;
    for (const [pid, seconds] of after.backends) postgres += seconds - (before.backends.get(pid) ?? 0);
    return { engine: after.engine - before.engine, postgres };
  };
}

async function call(baseUrl, method, route, { auth, basic, body } = {}) {
  const headers = { 'content-type': 'application/json' };
  if (auth) headers.authorization = `Bearer ${auth}`;
  if (basic) headers.authorization = `Basic ${Buffer.from(`${basic}:`).toString('base64')}`;
  const response = await fetch(baseUrl + route, { method, headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await response.text();
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text.slice(0, 500)}`);
  return parsed;
}

/** Sends the batches, at most CONCURRENCY at a time; returns per-batch latencies in ms. */
async function sendAll(baseUrl, writeKey, batches) {
  const latencies = [];
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const { body, count } = batches[next++];
      const started = performance.now();
      const reply = await call(baseUrl, 'POST', '/v1/batch', { basic: writeKey, body });
      latencies.push(performance.now() - started);
      if (reply.accepted !== count) throw new Error(`a batch of ${count} new messages was answered ${JSON.stringify(reply)}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, batches.length) }, worker));
  return latencies;
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

async function main() {
  const runId = `bench-${Date.now().toString(36)}`;
  if (!args['skip-build']) {
    log('building the engine (--skip-build to reuse apps/engine/dist)');
    build();
  }
  const ownDatabase = !process.env.DATABASE_URL;
  const databaseName = `retain_bench_${Date.now()}_${process.pid}`;
  const databaseUrl = process.env.DATABASE_URL ?? withDatabase(SERVER_URL, databaseName);
  for (const url of [databaseUrl, SERVER_URL]) {
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname)) throw new Error(`only a local PostgreSQL is used; got ${new URL(url).host}`);
  }
  const home = mkdtempSync(path.join(tmpdir(), 'retain-bench-'));
  let engine;
  const watchdog = setTimeout(() => {
    console.error(`[bench:ingest] stopped: over the ${TIME_LIMIT_MS / 60000} minute limit`);
    void cleanup().finally(() => process.exit(2));
  }, TIME_LIMIT_MS);
  let cleaned = false;
  async function cleanup() {
    if (cleaned) return;
    cleaned = true;
    await engine?.stop().catch(() => undefined);
    if (ownDatabase) await admin(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`).catch((e) => console.error(`could not drop ${databaseName}: ${e.message}`));
    rmSync(home, { recursive: true, force: true });
  }
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));

  try {
    if (ownDatabase) {
      await admin(`CREATE DATABASE "${databaseName}"`);
      log(`database ${databaseName} created`);
    }
    const port = await freePort();
    engine = await startEngine(databaseUrl, port, home);
    const baseUrl = `http://127.0.0.1:${port}`;
    const { token } = await call(baseUrl, 'POST', '/api/auth/login', { body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
    const { key: writeKey } = await call(baseUrl, 'POST', '/api/api-keys', { auth: token, body: { name: `bench ${runId}`, scopes: ['ingest'] } });

    const rand = random(20261123);
    const warmup = batchesOf(makeMessages(runId, WARMUP_BATCHES * BATCH_SIZE, TOTAL_EVENTS, rand));
    const batches = batchesOf(makeMessages(runId, TOTAL_EVENTS, 0, rand));
    const bytes = batches.reduce((sum, b) => sum + b.body.length, 0);
    log(`${TOTAL_EVENTS} events in ${batches.length} batches of ${BATCH_SIZE} (${(bytes / batches.length / 1024).toFixed(0)} KB each), ${USERS} users, concurrency ${CONCURRENCY}`);

    await sendAll(baseUrl, writeKey, warmup);
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const measureCpu = await cpuMeter(db, new URL(databaseUrl).pathname.slice(1), engine.pid);
    const load = loadavg()[0];
    const started = performance.now();
    const latencies = await sendAll(baseUrl, writeKey, batches);
    const seconds = (performance.now() - started) / 1000;
    const cpu = await measureCpu();
    const countEvents = async () => Number((await db.query('SELECT count(*) FROM events WHERE message_id LIKE $1', [`${runId}-%`])).rows[0].count);
    const expected = TOTAL_EVENTS + warmup.reduce((sum, b) => sum + b.count, 0);
    const stored = await countEvents();
    const resend = await call(baseUrl, 'POST', '/v1/batch', { basic: writeKey, body: batches[Math.floor(batches.length / 2)].body });
    const afterResend = await countEvents();
    const customers = (await db.query('SELECT count(*) FILTER (WHERE external_id IS NOT NULL) AS known, count(*) FILTER (WHERE external_id IS NULL) AS anonymous FROM customers')).rows[0];
    await db.end();

    const sorted = [...latencies].sort((a, b) => a - b);
    const result = {
      events: TOTAL_EVENTS,
      batchSize: BATCH_SIZE,
      concurrency: CONCURRENCY,
      seconds: Number(seconds.toFixed(2)),
      eventsPerSecond: Math.round(TOTAL_EVENTS / seconds),
      batchLatencyMs: { p50: Math.round(percentile(sorted, 50)), p99: Math.round(percentile(sorted, 99)), max: Math.round(sorted[sorted.length - 1]) },
      stored,
      expected,
      resentBatchAdded: afterResend - stored,
      resentReply: resend,
      customers: { known: Number(customers.known), anonymous: Number(customers.anonymous) },
      cpuSeconds: { engine: Number(cpu.engine.toFixed(1)), postgres: Number(cpu.postgres.toFixed(1)) },
      /** What the run would reach if it had the machine's cores to itself: events per CPU-second of engine + PostgreSQL. */
      eventsPerCpuSecond: Math.round(TOTAL_EVENTS / (cpu.engine + cpu.postgres)),
      loadAverageBefore: Number(load.toFixed(2)),
      loadAverageAfter: Number(loadavg()[0].toFixed(2)),
      cores: availableParallelism(),
    };
    const problems = [];
    if (stored !== expected) problems.push(`the database holds ${stored} events of this run, expected ${expected}`);
    if (afterResend !== stored || resend.accepted !== 0) problems.push(`re-sending a batch added ${afterResend - stored} events (reply ${JSON.stringify(resend)})`);
    if (args.json) console.log(JSON.stringify({ ...result, ok: problems.length === 0, problems }));
    else {
      log(`${result.eventsPerSecond} events/s  (${TOTAL_EVENTS} events in ${result.seconds} s)`);
      log(`batch latency p50 ${result.batchLatencyMs.p50} ms, p99 ${result.batchLatencyMs.p99} ms, max ${result.batchLatencyMs.max} ms`);
      log(`CPU: engine ${result.cpuSeconds.engine} s, PostgreSQL ${result.cpuSeconds.postgres} s => ${result.eventsPerCpuSecond} events per CPU-second (${result.cores} cores; load average ${result.loadAverageBefore} before, ${result.loadAverageAfter} after: other work on the machine slows the wall clock)`);
      log(`stored ${stored} of ${expected} expected; re-sent batch added ${result.resentBatchAdded}; customers ${result.customers.known} known, ${result.customers.anonymous} anonymous`);
    }
    if (problems.length) {
      for (const p of problems) console.error(`[bench:ingest] FAILED: ${p}`);
      process.exitCode = 1;
    }
  } catch (error) {
    console.error(`[bench:ingest] ${error.stack ?? error}`);
    if (engine) console.error(`engine output:\n${engine.output().slice(-4000)}`);
    process.exitCode = 1;
  } finally {
    if (engine && args['engine-log']) console.log(`engine output:\n${engine.output()}`);
    clearTimeout(watchdog);
    await cleanup();
  }
}

await main();
