// Shared helpers of bench/segmentation/pipeline.mjs and refresh-1m.mjs: the built engine, a
// throw-away database on the local PostgreSQL, a Nest application context, a memory sampler, a
// watchdog child process (stops the run when a stage exceeds its time, even when the main thread
// is busy in synchronous code, and drops the database), and a figures table.
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SchedulerRegistry } from '@nestjs/schedule';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const require = createRequire(path.join(root, 'package.json'));
export const dist = (file) => path.join(root, 'apps', 'engine', 'dist', file);
export const SERVER_URL = process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

if (!/^postgres(ql)?:\/\/[^/]*@?(127\.0\.0\.1|localhost)(:\d+)?\//.test(SERVER_URL)) {
  console.error(`BENCH_POSTGRES_URL must point at 127.0.0.1 (got ${SERVER_URL})`);
  process.exit(2);
}

/** The built engine (apps/engine/dist); a clear message when it is missing. */
export function loadEngine() {
  try {
    require('reflect-metadata');
    return {
      pg: require('pg'),
      NestFactory: require('@nestjs/core').NestFactory,
      AppModule: require(dist('app.module.js')).AppModule,
      loadEnv: require(dist('config/env.js')).loadEnv,
      migrate: require(dist('database/migrator.js')).migrate,
      PrismaService: require(dist('database/prisma.service.js')).PrismaService,
      ImportService: require(dist('imports/import.service.js')).ImportService,
      ChangedCustomersNotifier: require(dist('events/changed-customers-notifier.js')).ChangedCustomersNotifier,
      FactsPipeline: require(dist('analytics/facts-pipeline.service.js')).FactsPipeline,
      FactsRefreshQueue: require(dist('analytics/facts-refresh.queue.js')).FactsRefreshQueue,
      trainBody: require(dist('models/models.schemas.js')).trainBody,
      TrainingRunsRepository: require(dist('models/training-runs.repository.js')).TrainingRunsRepository,
      TrainingRunner: require(dist('models/training-runner.service.js')).TrainingRunner,
      SegmentDefinitions: require(dist('segments/segment-definitions.js')).SegmentDefinitions,
      SegmentRefreshQueue: require(dist('segments/refresh-queue.js')).SegmentRefreshQueue,
      MembershipRefresher: require(dist('segments/membership-refresher.js')).MembershipRefresher,
      ScoreReasons: require(dist('models/score-reasons.js')).ScoreReasons,
      DEMO_SEGMENTS: require(dist('demo/demo-analytics-step.js')).DEMO_SEGMENTS,
    };
  } catch (error) {
    console.error(`apps/engine/dist is missing or stale: run \`node scripts/prisma.mjs generate && npx tsc -b apps/engine/tsconfig.build.json\` first (${error.message})`);
    process.exit(1);
  }
}

export function databaseUrl(name) {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function admin(pg, sql) {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

export const createDatabase = (pg, name) => admin(pg, `CREATE DATABASE "${name}"`);
export const dropDatabase = (pg, name) => admin(pg, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);

/** A Nest application context of the built engine (no HTTP listener); cron training off. */
export async function startEngine(engine, url, { verbose = false } = {}) {
  const env = engine.loadEnv({
    ...process.env,
    DATABASE_URL: url,
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    RETAIN_HOME: process.env.RETAIN_HOME ?? '/tmp/retain-bench-home',
    RETAIN_MODEL_TRAINING_CRON: 'off',
    RETAIN_DEMO: '0',
    LOG_LEVEL: verbose ? 'log' : 'warn',
  });
  const app = await engine.NestFactory.createApplicationContext(engine.AppModule.forRoot({ env, databaseUrl: url, jwtSecret: env.JWT_SECRET }), {
    logger: verbose ? ['error', 'warn', 'log'] : ['error', 'warn'],
  });
  await app.init();
  // no scheduled work inside a timed run (the hourly segment refresh would land in it at the top of the hour)
  for (const job of app.get(SchedulerRegistry).getCronJobs().values()) job.stop();
  return app;
}

/** Samples process.memoryUsage().rss every `everyMs`; `peak` since the last reset. */
export class MemorySampler {
  constructor(everyMs = 100) {
    this.peak = process.memoryUsage().rss;
    this.peakHeap = process.memoryUsage().heapUsed;
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
  }
  sample() {
    const m = process.memoryUsage();
    if (m.rss > this.peak) this.peak = m.rss;
    if (m.heapUsed > this.peakHeap) this.peakHeap = m.heapUsed;
    return m.rss;
  }
  reset() {
    this.peak = process.memoryUsage().rss;
    this.peakHeap = process.memoryUsage().heapUsed;
  }
  stop() {
    clearInterval(this.timer);
  }
}

export const mb = (bytes) => `${(bytes / 1048576).toFixed(0)} MB`;
/** process.resourceUsage().maxRSS is in kilobytes (KiB on Linux). */
export const maxRssBytes = () => process.resourceUsage().maxRSS * 1024;

/**
 * A child process that kills this one (SIGKILL) when a stage runs longer than its limit and then
 * drops the database itself: a timer in this process cannot fire while synchronous training runs.
 */
export class Watchdog {
  constructor(databaseName, limitMs) {
    this.child = fork(path.join(path.dirname(fileURLToPath(import.meta.url)), 'watchdog.mjs'), [String(process.pid), databaseName, SERVER_URL], { stdio: 'inherit' });
    this.limitMs = limitMs;
  }
  stage(name, limitMs = this.limitMs) {
    this.child.send({ stage: name, limitMs });
  }
  close() {
    if (this.child.connected) this.child.send({ done: true });
    this.child.disconnect?.();
  }
}

/** Runs `work`, records its wall time under `label` in `rows`, and tells the watchdog. */
export async function timed(rows, watchdog, label, work, note = '') {
  watchdog?.stage(label);
  const started = performance.now();
  const value = await work();
  const ms = performance.now() - started;
  rows.push({ stage: label, ms, note: typeof note === 'function' ? note(value) : note });
  return value;
}

export function machine() {
  const [one, five, fifteen] = loadavg();
  return { cores: availableParallelism(), cpu: cpus()[0]?.model ?? '?', memory: totalmem(), node: process.version, load: `${one.toFixed(2)} / ${five.toFixed(2)} / ${fifteen.toFixed(2)}` };
}

/**
 * Milliseconds a fixed single-threaded loop takes (median of five): this machine's speed varies
 * over a day by 20 % or more, so each bench prints it beside its figures to tell a slow machine from
 * slow code.
 */
export function cpuProbeMs() {
  const times = [];
  let sink = 0;
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    const values = new Float64Array(1 << 16);
    let state = 0x9e3779b9;
    for (let i = 0; i < 40_000_000; i++) {
      state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + i) >>> 0;
      values[state & 0xffff] += Math.sqrt(state);
    }
    sink += values[1]; // the result is used, so the loop cannot be optimised away
    times.push(performance.now() - started);
  }
  if (Number.isNaN(sink)) throw new Error('CPU probe: unexpected NaN');
  return Math.round(times.sort((a, b) => a - b)[2]);
}

/** A plain text table: stage | ms | note. */
export function printTable(title, rows) {
  const width = Math.max(...rows.map((r) => r.stage.length), 5);
  const line = '-'.repeat(width + 14 + 3 + 60);
  console.log(`\n${title}\n${line}`);
  console.log(`${'stage'.padEnd(width)}  ${'time'.padStart(12)}  note`);
  console.log(line);
  for (const r of rows) {
    const time = r.ms === null || r.ms === undefined ? '' : r.ms >= 10_000 ? `${(r.ms / 1000).toFixed(1)} s` : `${Math.round(r.ms)} ms`;
    console.log(`${r.stage.padEnd(width)}  ${time.padStart(12)}  ${r.note ?? ''}`);
  }
  console.log(line);
}

/** The `key=value` log lines of one training run (dataset, each candidate, decision, scoring). */
export function parseTrainingLog(lines) {
  const out = { candidates: {} };
  for (const line of lines) {
    let m;
    if ((m = /^dataset: (\d+) customers to learn from, (\d+) to score \((\d+) ms\)/.exec(line))) Object.assign(out, { learnFrom: +m[1], toScore: +m[2], datasetMs: +m[3] });
    else if ((m = /^(\w+): held-out ROC AUC ([\d.]+) \((\d+) ms\)/.exec(line))) out.candidates[m[1]] = { auc: +m[2], ms: +m[3] };
    else if ((m = /^scored (\d+) customers with model version (\S+) \((\d+) ms\)/.exec(line))) Object.assign(out, { scored: +m[1], scoredWith: m[2], scoreMs: +m[3] });
    else if ((m = /^decision: (.*)$/.exec(line))) out.decision = m[1];
    else if ((m = /^failed: (.*)$/.exec(line))) out.failed = m[1];
  }
  return out;
}

/** Enqueues one training run and executes it (the runner's own poll may claim it first: wait for that too). */
export async function trainAndScore(engine, app, options) {
  const lines = [];
  const run = await app.get(engine.TrainingRunsRepository).enqueue(engine.trainBody.parse(options), 'api');
  const runner = app.get(engine.TrainingRunner);
  await runner.drain((line) => lines.push(line));
  await runner.idle();
  const prisma = app.get(engine.PrismaService);
  for (let i = 0; ; i++) {
    const stored = await prisma.trainingRun.findUnique({ where: { id: run.id } });
    if (stored.status === 'succeeded' || stored.status === 'failed') {
      const versions = await prisma.modelVersion.findMany({ where: { trainingRunId: run.id }, orderBy: { id: 'asc' } });
      return { run: stored, versions, log: parseTrainingLog(lines), lines };
    }
    if (i > 6000) throw new Error(`training run ${run.id} still ${stored.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
