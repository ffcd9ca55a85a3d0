#!/usr/bin/env node
// The full Online Retail pipeline of the built engine, after import: facts (load → features → RFM →
// k-means clusters → DBSCAN outliers → write customer_facts), churn training (population
// `transactions`, logistic regression and random forest, held-out evaluation), scores of every
// customer with the active model, and memberships of the demo segments (RFM "At Risk",
// "Can't Lose Them", "Champions", churn score ≥ 0.7). Target: the pipeline (import excluded) ≤ 20 s.
//
//   node scripts/prisma.mjs generate && npx tsc -b apps/engine/tsconfig.build.json
//   node bench/segmentation/pipeline.mjs [--verbose] [--json]
//
// Creates retain_bench_<timestamp> on postgresql://postgres@127.0.0.1:5432 (BENCH_POSTGRES_URL),
// migrates it with the built migrator, imports /work/shared/data/online_retail.csv.gz (or
// $RETAIN_DATA_DIR/online_retail.csv.gz, or ONLINE_RETAIL_FILE) with the built ImportService
// (preset online-retail, skip-and-report; timed apart), runs the pipeline in a Nest application
// context (no HTTP listener), prints a table, and drops the database (also on failure).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDatabase, databaseUrl, dropDatabase, loadEngine, machine, maxRssBytes, mb, MemorySampler, printTable, root, startEngine, timed, trainAndScore, Watchdog } from './lib/harness.mjs';

const { values: args } = parseArgs({ options: { verbose: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } } });
const TARGET_MS = 20_000;
const STAGE_LIMIT_MS = 10 * 60_000;

const dataDir = process.env.RETAIN_DATA_DIR ?? path.join(root, '..', 'shared', 'data');
const file = process.env.ONLINE_RETAIL_FILE ?? path.join(dataDir, 'online_retail.csv.gz');
if (!existsSync(file)) {
  console.error(`Online Retail not found at ${file} (set RETAIN_DATA_DIR or ONLINE_RETAIL_FILE)`);
  process.exit(1);
}

const engine = loadEngine();
const box = machine();
console.log(`machine: ${box.cores} cores (${box.cpu}), ${mb(box.memory)} RAM, Node ${box.node}; load average at start ${box.load} (1/5/15 min; other work on the box slows every figure)`);
console.log(`file: ${file}`);

const name = `retain_bench_${Date.now()}`;
const url = databaseUrl(name);
const sampler = new MemorySampler(100);
const setup = [];
const pipeline = [];
const result = { machine: box, database: name };
let app;
let watchdog;
let failed = false;

try {
  await createDatabase(engine.pg, name);
  watchdog = new Watchdog(name, STAGE_LIMIT_MS);
  await timed(setup, watchdog, 'migrate', () => engine.migrate(url), (r) => `${r.applied.length} migrations`);
  app = await timed(setup, watchdog, 'start engine (application context)', () => startEngine(engine, url, { verbose: args.verbose }));
  const prisma = app.get(engine.PrismaService);

  // ---- import (timed apart, not part of the pipeline) ----
  const report = await timed(setup, watchdog, 'import Online Retail (ImportService)', () =>
    engine.ImportService && app.get(engine.ImportService).run({ kind: 'transactions', filePath: file, mode: 'skip-and-report', preset: 'online-retail', actor: { userId: null, label: 'bench' } }),
  (r) => `${r.status}: ${r.linesRead} lines, ${r.inserted} inserted, ${r.skipped} skipped, ${r.rejected} bad, ${r.customersCreated} customers`);
  if (report.status !== 'succeeded') throw new Error(`import ${report.status}`);
  // Let the import's customer.data-changed announcement and what it triggers finish before timing.
  await timed(setup, watchdog, 'settle import notifications', async () => {
    await app.get(engine.ChangedCustomersNotifier).flush();
    await app.get(engine.FactsRefreshQueue).idle();
    await app.get(engine.SegmentRefreshQueue).whenIdle();
  });
  await prisma.$executeRawUnsafe('ANALYZE');
  const counts = (await prisma.$queryRaw`SELECT (SELECT count(*) FROM customers)::int AS customers, (SELECT count(*) FROM transactions)::int AS transactions`)[0];
  result.data = counts;
  console.log(`imported: ${counts.customers} customers, ${counts.transactions} transaction lines; load average now ${machine().load}`);

  // ---- the pipeline ----
  sampler.reset();
  const pipelineStarted = performance.now();
  const facts = await timed(pipeline, watchdog, 'facts: refreshAll', () => app.get(engine.FactsPipeline).refreshAll(), (f) => `${f.customers} customers, ${f.scored} RFM-scored, k = ${f.k}, as of ${f.asOf.toISOString().slice(0, 10)}`);
  for (const [stage, ms] of Object.entries(facts.timings)) pipeline.push({ stage: `  facts: ${stage}`, ms, note: '' });
  // the customer.facts-updated it published enqueues a refresh of all segments (none yet): wait for it
  await timed(pipeline, watchdog, 'segments refresh triggered by facts (no segments yet)', () => app.get(engine.SegmentRefreshQueue).whenIdle());

  const trained = await timed(pipeline, watchdog, 'churn: train both algorithms + score everyone', () => trainAndScore(engine, app, { population: 'transactions' }), (t) => `run ${t.run.status}${t.run.error ? `: ${t.run.error}` : ''}`);
  if (trained.run.status !== 'succeeded') throw new Error(`training run failed: ${trained.run.error ?? trained.lines.join(' | ')}`);
  const log = trained.log;
  const window = trained.versions[0]?.dataWindow ?? {};
  pipeline.push({ stage: '  churn: dataset (load, labels, features)', ms: log.datasetMs, note: `${log.learnFrom} to learn from, ${log.toScore} to score; cutoff ${String(window.cutoff ?? '?').slice(0, 10)}, horizon ${window.horizonDays ?? '?'} d` });
  for (const [kind, c] of Object.entries(log.candidates)) pipeline.push({ stage: `  churn: ${kind} (fit, evaluation, importances)`, ms: c.ms, note: `held-out ROC AUC ${c.auc.toFixed(3)}` });
  pipeline.push({ stage: '  churn: score every customer (+ reasons, write)', ms: log.scoreMs, note: `${log.scored} customers, version ${log.scoredWith}` });
  await timed(pipeline, watchdog, 'segments refresh triggered by activation', () => app.get(engine.SegmentRefreshQueue).whenIdle());

  // Demo segments as the demo step creates them; create() awaits each one's first refresh.
  const definitions = app.get(engine.SegmentDefinitions);
  const segments = [];
  await timed(pipeline, watchdog, 'segments: create demo segments (first refresh)', async () => {
    for (const input of engine.DEMO_SEGMENTS) {
      const started = performance.now();
      const segment = await definitions.create(undefined, input);
      segments.push({ ...segment, ms: performance.now() - started });
    }
    await app.get(engine.SegmentRefreshQueue).whenIdle();
  }, () => `${segments.length} segments`);
  for (const s of segments) pipeline.push({ stage: `  segment "${s.name}" (${s.kind})`, ms: s.ms, note: `size ${s.size}` });
  const pipelineMs = performance.now() - pipelineStarted;
  pipeline.push({ stage: 'PIPELINE TOTAL (import excluded)', ms: pipelineMs, note: `target ≤ ${TARGET_MS / 1000} s: ${pipelineMs <= TARGET_MS ? 'met' : 'MISSED'}` });
  const pipelinePeak = Math.max(sampler.peak, process.memoryUsage().rss);

  // Not part of the total: a second refresh of every segment (nothing changes).
  const again = await timed(pipeline, watchdog, '(extra) refresh all segments again, no change', () => app.get(engine.MembershipRefresher).refreshSegments('all'), (r) => `${r.length} segments, ${r.reduce((n, x) => n + x.evaluated, 0)} evaluations`);

  const scores = (await prisma.$queryRaw`SELECT count(*)::int AS n FROM customer_scores`)[0].n;
  const memberships = (await prisma.$queryRaw`SELECT count(*)::int AS n FROM segment_memberships`)[0].n;
  const endLoad = machine().load;
  printTable('Online Retail: setup (not part of the pipeline)', setup);
  printTable('Online Retail: pipeline after import', pipeline);
  const aucs = Object.fromEntries(trained.versions.map((v) => [v.algorithm, v.metrics.rocAuc]));
  console.log(`AUCs (held-out, seed 42): ${Object.entries(aucs).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ')}; decision: ${log.decision}`);
  console.log(`rows: ${facts.customers} customer_facts, ${scores} customer_scores, ${memberships} segment memberships`);
  console.log(`memory: peak RSS during the pipeline ${mb(pipelinePeak)} (sampled every 100 ms), process maxRSS ${mb(maxRssBytes())} (resourceUsage, includes the import); PostgreSQL's memory is separate and not counted`);
  console.log(`load average: start ${box.load}, end ${endLoad} (1/5/15 min, ${box.cores} cores)`);
  Object.assign(result, { setup, pipeline, pipelineMs, targetMet: pipelineMs <= TARGET_MS, aucs, decision: log.decision, scores, memberships, peakRss: pipelinePeak, maxRss: maxRssBytes(), loadEnd: endLoad, again });
  if (args.json) console.log(JSON.stringify(result));
} catch (error) {
  failed = true;
  console.error(`\nFAILED: ${error.stack ?? error.message}`);
  if (setup.length) printTable('setup so far', setup);
  if (pipeline.length) printTable('pipeline so far', pipeline);
} finally {
  sampler.stop();
  await app?.close().catch((error) => console.error(`closing the engine: ${error.message}`));
  await dropDatabase(engine.pg, name).then(() => console.log(`dropped ${name}`), (error) => { failed = true; console.error(`could not drop ${name}: ${error.message}`); });
  watchdog?.close();
}
process.exit(failed ? 1 : 0);
