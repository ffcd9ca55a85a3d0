#!/usr/bin/env node
// Event → action latency of the built engine: tracked events sent at a steady rate (default 500
// a second) through POST /v1/track start a flow (event trigger → webhook → exit); the time from
// the start of each track call to the webhook request arriving at a receiver in this process,
// p50 / p90 / p99 / max. Target p99 ≤ 100 ms, goal 50 ms.
//
//   node bench/runtime/event-latency.mjs [--rate 500] [--seconds 20] [--warmup 5] [--json] [--engine-log]   (BENCH_ENGINE_LOG_LEVEL=debug with --engine-log: the runtime's per-batch claim/step/write times;
//   BENCH_ENGINE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof": extra flags for the engine process;
//   --track-only: no flow is published, so the figures are the track calls' alone;
//   --timeline: p50 / p99 / max of each 100 ms of sending, to see whether the tail is steady or comes in bursts;
//   --split: two engine processes, RETAIN_ROLES=api and RETAIN_ROLES=worker,scheduler, as when scaled out;
//   --keep: the database is kept, to look at its statements' plans afterwards)
//
// Creates retain_bench_<timestamp> on postgresql://postgres@127.0.0.1:5432 (BENCH_POSTGRES_URL),
// runs apps/engine/dist/main.js with every role on REDIS_URL (default redis://127.0.0.1:6379/6,
// a queue prefix of its own), RETAIN_WEBHOOK_ALLOWLIST=127.0.0.1, and drops the database after.
// Every event comes from a new user, so each one is an enrollment, a step job, a webhook.
// The first --warmup seconds of events are sent but not counted: a cold engine on a new database
// runs slower for its first few seconds (JIT, connection pools, the tables' first statistics;
// --timeline shows it), and the figure is meant for an engine that has been running.
// Build first: node scripts/prisma.mjs generate && npx tsc -b apps/engine/tsconfig.build.json
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { Agent, createServer, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ENGINE_NODE_ARGS } from '../../scripts/engine-node-args.mjs';
import { cpuProbeMs, createDatabase, databaseUrl, dropDatabase, loadEngine, machine, root } from '../segmentation/lib/harness.mjs';

const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
    json: { type: 'boolean', default: false },
    'engine-log': { type: 'boolean', default: false },
    'track-only': { type: 'boolean', default: false },
    timeline: { type: 'boolean', default: false },
    split: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const RATE = Number(args.rate);
const SECONDS = Number(args.seconds);
const WARMUP = Number(args.warmup);
const EVENT = 'bench_latency';
const log = (line) => !args.json && console.log(`[bench:runtime] ${line}`);

const engine = loadEngine();
const box = machine();
const probe = cpuProbeMs();
log(`machine: ${box.cores} cores (${box.cpu}), Node ${box.node}; load average at start ${box.load}; CPU probe ${probe} ms (a fixed single-threaded loop: higher = this machine is slower right now)`);

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
/** CPU time (user + system) of a process so far, in ms: what the engine spends, whatever else runs on the box. */
const cpuMs = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime, stime in clock ticks (100 Hz)
  return { user: (Number(fields[11]) * 1000) / 100, system: (Number(fields[12]) * 1000) / 100 };
};
/** CPU time (user + system, ms) of every PostgreSQL process on this machine so far: backends, WAL writer, checkpointer, autovacuum. */
const postgresCpuMs = () => {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const fields = stat.split(') ')[1].split(' ');
      total += ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
};
/** Transactions committed in the bench database so far (PostgreSQL's own counter). */
const transactions = async (name) => {
  const client = new engine.pg.Client({ connectionString: databaseUrl('postgres') });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = $1', [name]);
    return Number(rows[0].n);
  } finally {
    await client.end();
  }
};
/**
 * POST over kept-alive node:http connections: fetch (undici) costs the client about as much CPU
 * per call as the engine spends answering it, CPU the engine and PostgreSQL then lack on 2 cores.
 */
/** The first few failed calls' answers, printed if any fail. */
const failures = [];
const keepAlive = new Agent({ keepAlive: true, maxSockets: 256 });
const post = (url, headers, body) =>
  new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', agent: keepAlive, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => {
        if (response.statusCode !== 200 && failures.length < 5) failures.push(`${response.statusCode} ${text.slice(0, 300)}`);
        resolve(response.statusCode);
      });
      response.on('error', reject);
    });
    req.on('error', (error) => {
      if (failures.length < 5) failures.push(error.message);
      reject(error);
    });
    req.end(body);
  });
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

// ---- the webhook receiver: when each customer's action arrived ----
const arrived = new Map();
let duplicates = 0;
const receiver = createServer((request, response) => {
  const at = performance.now();
  let body = '';
  request.on('data', (chunk) => (body += chunk));
  request.on('end', () => {
    const { user } = JSON.parse(body);
    if (arrived.has(user)) duplicates++;
    else arrived.set(user, at);
    response.writeHead(200).end('ok');
  });
});
await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const hookUrl = `http://127.0.0.1:${receiver.address().port}/hook`;

const name = `retain_bench_${Date.now()}`;
const url = databaseUrl(name);
const home = mkdtempSync(path.join(tmpdir(), 'retain-bench-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const result = { machine: box, rate: RATE, seconds: SECONDS };
let child;
/** With --split: the process with the worker and scheduler roles. */
let workerChild;
const queuePrefix = `bench-latency-${Date.now()}`;
let failed = false;
try {
  await createDatabase(engine.pg, name);
  await engine.migrate(url);
  const startEngine = (roles) =>
    spawn(process.execPath, [...ENGINE_NODE_ARGS, ...(process.env.BENCH_ENGINE_NODE_ARGS ?? '').split(' ').filter(Boolean), path.join(root, 'apps/engine/dist/main.js')], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: url,
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/6',
        RETAIN_QUEUE_PREFIX: queuePrefix,
        RETAIN_ROLES: roles,
        PORT: String(port),
        HOST: '127.0.0.1',
        JWT_SECRET: 'bench-jwt-secret-bench-jwt-secret-0123456789',
        RETAIN_ADMIN_EMAIL: 'admin@retain.local',
        RETAIN_ADMIN_PASSWORD: 'bench-admin-password',
        RETAIN_HOME: home,
        RETAIN_DEMO: '0',
        RETAIN_MODEL_TRAINING_CRON: 'off',
        RETAIN_WEBHOOK_ALLOWLIST: '127.0.0.1',
        RETAIN_WEBHOOK_SECRET: 'bench-webhook-secret-0123456789',
        LOG_LEVEL: process.env.BENCH_ENGINE_LOG_LEVEL ?? 'warn',
      },
      stdio: ['ignore', args['engine-log'] ? 'inherit' : 'ignore', 'inherit'],
    });
  // --split: the API in one process, the runtime in another (what a scaled-out deployment runs)
  child = startEngine(args.split ? 'api' : 'api,worker,scheduler');
  if (args.split) workerChild = startEngine('worker,scheduler');
  for (let i = 0; ; i++) {
    if (child.exitCode !== null || (workerChild && workerChild.exitCode !== null)) throw new Error('the engine exited');
    if (i > 240) throw new Error('the engine did not answer within 60 s');
    if (await fetch(`${base}/api/health`).then((r) => r.ok).catch(() => false)) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const login = await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@retain.local', password: 'bench-admin-password' }) })).json();
  const auth = { authorization: `Bearer ${login.token}`, 'content-type': 'application/json' };
  // events come in with an ingest key, as from a Segment source (a session JWT is for people)
  const apiKey = await (await fetch(`${base}/api/api-keys`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'latency bench', scopes: ['ingest'] }) })).json();
  if (!apiKey.key) throw new Error(`api key: ${JSON.stringify(apiKey)}`);
  const ingestAuth = { authorization: `Basic ${Buffer.from(`${apiKey.key}:`).toString('base64')}`, 'content-type': 'application/json' };
  const definition = {
    schemaVersion: 1,
    nodes: [
      { id: 'trigger', type: 'trigger', position: { x: 0, y: 0 }, data: { source: { kind: 'event', eventName: EVENT }, reEntry: { policy: 'never' } } },
      { id: 'hook', type: 'webhook', position: { x: 0, y: 120 }, data: { url: hookUrl, method: 'POST', headers: {}, bodyTemplate: '{"user": "{{ customer.externalId }}"}' } },
      { id: 'exit', type: 'exit', position: { x: 0, y: 240 }, data: {} },
    ],
    edges: [
      { id: 'e1', source: 'trigger', sourceHandle: 'next', target: 'hook' },
      { id: 'e2', source: 'hook', sourceHandle: 'next', target: 'exit' },
    ],
  };
  if (!args['track-only']) {
  const created = await (await fetch(`${base}/api/flows`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'Latency', definition }) })).json();
  const published = await fetch(`${base}/api/flows/${created.id}/publish`, { method: 'POST', headers: auth, body: '{}' });
  if (!published.ok) throw new Error(`publish: ${published.status} ${await published.text()}`);
  await new Promise((resolve) => setTimeout(resolve, 3_000)); // the engine's trigger index polls every 2 s
  }

  // ---- send at a steady rate, each call timed from its start ----
  const total = RATE * (SECONDS + WARMUP);
  const sentAt = new Map();
  const trackMs = [];
  const pending = [];
  const engineCpu = () => [child, workerChild].filter(Boolean).map((p) => cpuMs(p.pid)).reduce((a, b) => ({ user: a.user + b.user, system: a.system + b.system }));
  const cpuBefore = engineCpu();
  const postgresBefore = postgresCpuMs();
  const clientBefore = process.cpuUsage();
  const transactionsBefore = await transactions(name);
  const started = performance.now();
  let errors = 0;
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const user = `u-${i}`;
    const t0 = performance.now();
    const counted = i >= RATE * WARMUP;
    sentAt.set(user, { t0, counted });
    pending.push(
      post(`${base}/v1/track`, ingestAuth, JSON.stringify({ userId: user, event: EVENT, properties: { i } }))
        .then((status) => {
          if (status !== 200) errors++;
          if (counted) trackMs.push(performance.now() - t0); // warm-up excluded, as for the actions
        })
        .catch(() => errors++),
    );
  }
  const sendSeconds = (performance.now() - started) / 1000;
  await Promise.all(pending);
  for (let i = 0; i < 600 && arrived.size < total && !args['track-only']; i++) await new Promise((resolve) => setTimeout(resolve, 100));
  const cpuAfter = engineCpu();
  const engineCpuMs = { user: cpuAfter.user - cpuBefore.user, system: cpuAfter.system - cpuBefore.system };
  const postgresMs = postgresCpuMs() - postgresBefore;
  const client = process.cpuUsage(clientBefore);
  await new Promise((resolve) => setTimeout(resolve, 1_000)); // PostgreSQL publishes its counters about once a second
  const transactionsPerEvent = ((await transactions(name)) - transactionsBefore) / total;

  const latencies = [];
  for (const [user, { t0, counted }] of sentAt) if (counted && arrived.has(user)) latencies.push(arrived.get(user) - t0);
  latencies.sort((a, b) => a - b);
  trackMs.sort((a, b) => a - b);
  const counted = [...sentAt.values()].filter((s) => s.counted).length;
  const f = (ms) => `${ms.toFixed(1)} ms`;
  Object.assign(result, {
    sent: total,
    sendRate: Math.round(total / sendSeconds),
    trackErrors: errors,
    actionsReceived: arrived.size,
    duplicates,
    counted,
    latencyMs: args['track-only'] ? null : { p50: +percentile(latencies, 50).toFixed(1), p90: +percentile(latencies, 90).toFixed(1), p99: +percentile(latencies, 99).toFixed(1), max: +latencies[latencies.length - 1].toFixed(1) },
    trackCallMs: { p50: +percentile(trackMs, 50).toFixed(1), p99: +percentile(trackMs, 99).toFixed(1) },
    engineCpuMsPerEvent: { user: +(engineCpuMs.user / total).toFixed(2), system: +(engineCpuMs.system / total).toFixed(2) },
    transactionsPerEvent: +transactionsPerEvent.toFixed(1),
    postgresCpuMsPerEvent: +(postgresMs / total).toFixed(2),
    clientCpuMsPerEvent: +((client.user + client.system) / 1000 / total).toFixed(2),
    loadAfter: machine().load,
    cpuProbeMs: probe,
  });
  log(`sent ${total} events in ${sendSeconds.toFixed(1)} s (${result.sendRate}/s; ${errors} failed calls); ${arrived.size} webhook actions received, ${duplicates} duplicates`);
  if (!args['track-only']) log(`track call → webhook received (${latencies.length} of ${counted} counted events, warm-up excluded): p50 ${f(percentile(latencies, 50))}, p90 ${f(percentile(latencies, 90))}, p99 ${f(percentile(latencies, 99))}, max ${f(latencies[latencies.length - 1])}`);
  log(`the track call alone (warm-up excluded): p50 ${f(percentile(trackMs, 50))}, p99 ${f(percentile(trackMs, 99))}; load average after ${result.loadAfter}`);
  log(`cost per event, whatever else runs: engine CPU ${result.engineCpuMsPerEvent.user} ms user + ${result.engineCpuMsPerEvent.system} ms system, PostgreSQL CPU ${result.postgresCpuMsPerEvent} ms (all its processes), this client ${result.clientCpuMsPerEvent} ms; ${result.transactionsPerEvent} PostgreSQL transactions (track, enrollment, step, webhook, background refreshes)`);
  if (!args['track-only']) log(`verdict: p99 ${f(result.latencyMs.p99)} — ${result.latencyMs.p99 <= 50 ? 'goal (50 ms) met' : result.latencyMs.p99 <= 100 ? 'target (100 ms) met, goal (50 ms) not' : 'target (100 ms) NOT met'}`);
  if (args.timeline && !args['track-only']) {
    const slots = new Map();
    for (const [user, { t0, counted }] of sentAt) {
      if (!counted || !arrived.has(user)) continue;
      const slot = Math.floor((t0 - started) / 100);
      if (!slots.has(slot)) slots.set(slot, []);
      slots.get(slot).push(arrived.get(user) - t0);
    }
    for (const [slot, list] of [...slots].sort((a, b) => a[0] - b[0])) {
      list.sort((a, b) => a - b);
      log(`  ${(slot / 10).toFixed(1).padStart(5)} s: p50 ${f(percentile(list, 50))}, p99 ${f(percentile(list, 99))}, max ${f(list[list.length - 1])}`);
    }
  }
  failed = errors > 0 || duplicates > 0 || (arrived.size < total && !args['track-only']);
  if (failures.length) console.error(`failed calls (first ${failures.length}):\n  ${failures.join('\n  ')}`);
  if (failed) console.error(`CHECKS FAILED: ${errors} failed track calls, ${duplicates} duplicate actions, ${total - arrived.size} actions missing`);
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  for (const p of [child, workerChild]) {
    p?.kill('SIGTERM');
    await new Promise((resolve) => (p && p.exitCode === null ? p.once('exit', resolve) : resolve()));
  }
  keepAlive.destroy();
  receiver.close();
  if (args.keep) console.log(`kept the database ${name}; drop it with DROP DATABASE "${name}"`);
  else await dropDatabase(engine.pg, name).catch((error) => console.error(`could not drop ${name}: ${error.message}`));
  rmSync(home, { recursive: true, force: true });
  if (args.json) console.log(JSON.stringify(result));
  process.exit(failed ? 1 : 0);
}
