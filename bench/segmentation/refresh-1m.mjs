#!/usr/bin/env node
// A 1,000,000-customer synthetic refresh through the built engine: customers, ~5 million
// transaction lines over two years (active, lapsing and lost buyers, a few returns) and ~330,000
// behavioural events, generated inside PostgreSQL (INSERT ... SELECT FROM generate_series, two
// connections, secondary indexes and foreign keys of transactions rebuilt after the load), then:
// a full facts refresh (features, RFM, clusters), churn training (both algorithms) + scores of every
// customer with the active model (scores only: reasons in words are worded on first read, timed
// separately), and the segment refreshes these trigger in the product: three segments defined
// before the refresh (rule, RFM, score band; empty until then) are filled by the refresh the new
// facts trigger (rule and RFM, two at a time) and the one the model's activation triggers (score
// band). Membership tests run in PostgreSQL with only the changing customers checked in Node.
// Targets: refresh ≤ 60 s, peak memory < 4 GB (this Node process; PostgreSQL's memory is separate).
//
//   node scripts/prisma.mjs generate && npx tsc -b apps/engine/tsconfig.build.json
//   node bench/segmentation/refresh-1m.mjs [--customers 1000000] [--algorithms logistic,forest] [--verbose] [--json] [--keep] [--load-only]
//
// --keep leaves the database in place (its name is printed); --load-only stops after the synthetic
// load (with --keep: a database to time single stages against, e.g. with psql, or a template);
// --template NAME copies a database kept that way (CREATE DATABASE ... TEMPLATE) instead of loading.
// Creates retain_bench_<timestamp> on postgresql://postgres@127.0.0.1:5432 (BENCH_POSTGRES_URL) and
// drops it at the end (also on failure). A stage running longer than 10 minutes stops the run (a
// watchdog process kills this one and drops the database).
import { parseArgs } from 'node:util';
import { admin, cpuProbeMs, createDatabase, databaseUrl, dropDatabase, loadEngine, machine, maxRssBytes, mb, MemorySampler, printTable, startEngine, timed, trainAndScore, Watchdog } from './lib/harness.mjs';

const { values: args } = parseArgs({
  options: {
    customers: { type: 'string', default: '1000000' },
    algorithms: { type: 'string', default: 'logistic,forest' },
    verbose: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'load-only': { type: 'boolean', default: false },
    template: { type: 'string' },
  },
});
const N = Number(args.customers);
const algorithms = args.algorithms.split(',').filter(Boolean);
const TARGET_MS = 60_000;
const TARGET_MEMORY = 4 * 1024 ** 3;
const STAGE_LIMIT_MS = 10 * 60_000;
const END = '2024-12-31T12:00:00Z';

const engine = loadEngine();
const box = machine();
console.log(`machine: ${box.cores} cores (${box.cpu}), ${mb(box.memory)} RAM, Node ${box.node}; load average at start ${box.load} (1/5/15 min; other work on the box slows every figure)`);
const probeBefore = cpuProbeMs();
console.log(`CPU probe: ${probeBefore} ms for a fixed single-threaded loop (higher = this machine is slower right now)`);
console.log(`synthetic data: ${N.toLocaleString('en-GB')} customers, two years of purchases ending ${END.slice(0, 10)}; algorithms: ${algorithms.join(', ')}`);

// u(x): a deterministic uniform [0, 1) from a bigint (correlated with the row, so PostgreSQL cannot hoist it).
const FUNCTIONS = `CREATE OR REPLACE FUNCTION bench_u(bigint) RETURNS float8 IMMUTABLE PARALLEL SAFE LANGUAGE sql AS $$ SELECT (hashint8($1) & 2147483647)::float8 / 2147483648.0 $$`;

const customersSql = (part, parts) => `
  INSERT INTO customers (external_id, email, country, plan, age, signup_at, email_consent, attributes, created_at, updated_at)
  SELECT 'c' || i, 'c' || i || '@bench.local', (ARRAY['United Kingdom','France','Germany','Spain','Netherlands','Ireland'])[1 + i % 6],
         (ARRAY['free','pro','business'])[1 + i % 3], 18 + i % 60, timestamptz '${END}' - interval '1 day' * (30 + bench_u(i * 11) * 700), i % 3 = 0,
         jsonb_build_object('Contract', (ARRAY['Month-to-month','One year','Two year'])[1 + i % 3]), now(), now()
    FROM generate_series(1, ${N}) AS i WHERE i % ${parts} = ${part}`;

// kind 0 = active (last order within 60 days), 1 = lapsing (last order 120–270 days ago), 2 = lost (over a year ago).
const transactionsSql = (part, parts) => `
  INSERT INTO transactions (customer_id, invoice, line_key, sku, quantity, unit_price, amount, currency, category, occurred_at, is_return, source, created_at)
  SELECT c.id, 'B' || c.id || '-' || o.n, 'B' || c.id || '-' || o.n || '-' || l.n, 'SKU' || s.sku, s.q, s.p, round((s.q * s.p)::numeric, 4), 'GBP',
         'cat' || (s.sku % 40), ot.t, s.ret, 'bench', now()
    FROM customers c
    CROSS JOIN LATERAL (SELECT CASE WHEN bench_u(c.id::bigint * 7 + 1) < 0.45 THEN 0 WHEN bench_u(c.id::bigint * 7 + 1) < 0.75 THEN 1 ELSE 2 END AS kind) k
    CROSS JOIN LATERAL generate_series(1, CASE k.kind WHEN 0 THEN 1 + floor(bench_u(c.id::bigint * 7 + 2) * 6)::int WHEN 1 THEN 1 + floor(bench_u(c.id::bigint * 7 + 2) * 4)::int ELSE 1 + floor(bench_u(c.id::bigint * 7 + 2) * 2)::int END) AS o(n)
    CROSS JOIN LATERAL (SELECT timestamptz '${END}' - interval '1 day' * CASE
                          WHEN k.kind = 0 AND o.n = 1 THEN bench_u(c.id::bigint * 100 + o.n) * 60
                          WHEN k.kind = 0 THEN bench_u(c.id::bigint * 100 + o.n) * 730
                          WHEN k.kind = 1 AND o.n = 1 THEN 120 + bench_u(c.id::bigint * 100 + o.n) * 150
                          WHEN k.kind = 1 THEN 120 + bench_u(c.id::bigint * 100 + o.n) * 610
                          ELSE 365 + bench_u(c.id::bigint * 100 + o.n) * 365 END AS t) ot
    CROSS JOIN LATERAL generate_series(1, 1 + floor(bench_u(c.id::bigint * 1000 + o.n * 10) * 3)::int) AS l(n)
    CROSS JOIN LATERAL (SELECT 1 + floor(bench_u(c.id::bigint * 10000 + o.n * 10 + l.n) * 3000)::int AS sku,
                               bench_u(c.id::bigint * 10000 + o.n * 10 + l.n + 5) < 0.03 AS ret) r
    CROSS JOIN LATERAL (SELECT r.sku, r.ret, (CASE WHEN r.ret THEN -1 ELSE 1 END) * (1 + floor(bench_u(c.id::bigint * 10000 + o.n * 10 + l.n + 7) * 12)) AS q,
                               round((0.5 + bench_u(c.id::bigint * 10000 + o.n * 10 + l.n + 9) * 30)::numeric, 2)::float8 AS p) s
   WHERE c.id % ${parts} = ${part}`;

const eventsSql = (part, parts) => `
  INSERT INTO events (customer_id, name, occurred_at, properties, source)
  SELECT c.id, e.name, timestamptz '${END}' - interval '1 day' * bench_u(c.id::bigint * 13 + 3) * 365,
         CASE WHEN e.name = 'NPS Submitted' THEN jsonb_build_object('score', floor(bench_u(c.id::bigint * 13 + 4) * 11)::int) ELSE '{}'::jsonb END, 'bench'
    FROM customers c
    CROSS JOIN LATERAL (SELECT (ARRAY['Support Contacted','NPS Submitted','Email Opened','Email Delivered'])[1 + floor(bench_u(c.id::bigint * 13 + 2) * 4)::int] AS name) e
   WHERE c.id % 3 = 0 AND c.id % ${parts} = ${part}`;

const PARTS = 2; // one INSERT per connection, one per core

async function parallel(pool, makeSql) {
  const results = await Promise.all(Array.from({ length: PARTS }, async (_, part) => {
    const client = await pool.connect();
    try {
      await client.query('SET synchronous_commit = off');
      return (await client.query(makeSql(part, PARTS))).rowCount;
    } finally {
      client.release();
    }
  }));
  return results.reduce((a, b) => a + b, 0);
}

const name = `retain_bench_${Date.now()}`;
const url = databaseUrl(name);
const sampler = new MemorySampler(100);
const load = [];
const refresh = [];
const extra = [];
const result = { machine: box, customers: N };
let app;
let watchdog;
let failed = false;

try {
  if (args.template) {
    await timed(load, null, `copy the loaded database ${args.template}`, () => admin(engine.pg, `CREATE DATABASE "${name}" TEMPLATE "${args.template}"`));
    watchdog = new Watchdog(name, STAGE_LIMIT_MS);
    await timed(load, watchdog, 'migrate', () => engine.migrate(url), (r) => `${r.applied.length} migrations`);
  } else {
    await createDatabase(engine.pg, name);
    watchdog = new Watchdog(name, STAGE_LIMIT_MS);
    await timed(load, watchdog, 'migrate', () => engine.migrate(url), (r) => `${r.applied.length} migrations`);
    const pool = new engine.pg.Pool({ connectionString: url, max: PARTS });
    try {
      await pool.query(FUNCTIONS);
      // Secondary indexes and foreign keys of transactions/events are rebuilt after the bulk load (faster than row by row).
      const { rows: indexes } = await pool.query(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename IN ('transactions', 'events') AND indexname NOT LIKE '%_pkey'`);
      const { rows: foreignKeys } = await pool.query(`SELECT conrelid::regclass::text AS tablename, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE contype = 'f' AND conrelid IN ('transactions'::regclass, 'events'::regclass)`);
      for (const fk of foreignKeys) await pool.query(`ALTER TABLE ${fk.tablename} DROP CONSTRAINT "${fk.conname}"`);
      for (const index of indexes) await pool.query(`DROP INDEX "${index.indexname}"`);
      const customers = await timed(load, watchdog, 'load: customers (INSERT ... generate_series)', () => parallel(pool, customersSql), (n) => `${n.toLocaleString('en-GB')} rows`);
      const lines = await timed(load, watchdog, 'load: transactions', () => parallel(pool, transactionsSql), (n) => `${n.toLocaleString('en-GB')} lines`);
      const events = await timed(load, watchdog, 'load: events', () => parallel(pool, eventsSql), (n) => `${n.toLocaleString('en-GB')} events`);
      await timed(load, watchdog, 'load: rebuild indexes and foreign keys', async () => {
        let next = 0;
        const work = [...indexes.map((i) => i.indexdef), ...foreignKeys.map((fk) => `ALTER TABLE ${fk.tablename} ADD CONSTRAINT "${fk.conname}" ${fk.def}`)];
        await Promise.all(Array.from({ length: PARTS }, async () => {
          const client = await pool.connect();
          try {
            await client.query(`SET maintenance_work_mem = '256MB'`);
            while (next < work.length) await client.query(work[next++]);
          } finally {
            client.release();
          }
        }));
      }, `${indexes.length} indexes, ${foreignKeys.length} foreign keys`);
      await timed(load, watchdog, 'load: VACUUM ANALYZE', () => pool.query('VACUUM ANALYZE'));
      const { rows: [mix] } = await pool.query(`SELECT count(*) FILTER (WHERE last > timestamptz '${END}' - interval '90 days')::int AS active,
          count(*) FILTER (WHERE last <= timestamptz '${END}' - interval '90 days' AND last > timestamptz '${END}' - interval '365 days')::int AS lapsing,
          count(*) FILTER (WHERE last <= timestamptz '${END}' - interval '365 days')::int AS lost, pg_size_pretty(pg_database_size(current_database())) AS size
        FROM (SELECT max(occurred_at) AS last FROM transactions GROUP BY customer_id) t`);
      result.data = { customers, lines, events, ...mix };
      console.log(`loaded: ${customers} customers, ${lines} transaction lines, ${events} events; last purchase < 90 d: ${mix.active}, 90–365 d: ${mix.lapsing}, > 365 d: ${mix.lost}; database ${mix.size}`);
    } finally {
      await pool.end();
    }
  }

  if (args['load-only']) {
    printTable(`Synthetic load (${N.toLocaleString('en-GB')} customers)`, load);
    throw Object.assign(new Error('--load-only: stopped after the load'), { expected: true });
  }
  app = await timed(load, watchdog, 'start engine (application context)', () => startEngine(engine, url, { verbose: args.verbose }));
  const prisma = app.get(engine.PrismaService);
  // The workspace's segments exist before the refresh, as in any running workspace: the refresh
  // fills them through the triggers the product has (new facts → rule and RFM segments; the new
  // model's activation → the score band). Created now, before any facts or scores, they are empty.
  const inputs = [
    { kind: 'rule', name: 'Bench: quiet for 180 days in France or Germany', definition: { condition: { all: [{ fact: 'features.recencyDays', operator: 'greaterThan', value: 180 }, { fact: 'country', operator: 'in', value: ['France', 'Germany'] }] } } },
    { kind: 'rfm', name: 'Bench: At Risk', definition: { segments: ['At Risk'] } },
    { kind: 'scoreBand', name: 'Bench: churn ≥ 0.7', definition: { model: 'churn', min: 0.7 } },
  ];
  const definitions = app.get(engine.SegmentDefinitions);
  for (const input of inputs) await definitions.create(undefined, input);
  // The segments a trigger refreshed (last refresh after `since`), with their sizes; the run fails
  // unless exactly the expected kinds were refreshed and filled.
  const refreshedSince = async (since, expectedKinds) => {
    const rows = await prisma.$queryRaw`SELECT kind, name, size FROM segments WHERE last_refreshed_at > ${since} ORDER BY id`;
    const kinds = rows.map((s) => s.kind).join(',');
    if (kinds !== expectedKinds.join(',') || rows.some((s) => s.size === 0)) throw new Error(`the trigger refreshed ${kinds || 'nothing'} (sizes ${rows.map((s) => s.size).join(', ')}), expected ${expectedKinds.join(', ')} with members`);
    return rows.map((s) => `${s.kind} "${s.name.replace(/^Bench: /, '')}" ${s.size}`).join('; ');
  };
  console.log(`load average before the refresh: ${machine().load}`);

  // ---- the refresh ----
  sampler.reset();
  const started = performance.now();
  const factsStarted = new Date();
  const facts = await timed(refresh, watchdog, 'facts: refreshAll (features, RFM, clusters)', () => app.get(engine.FactsPipeline).refreshAll(), (f) => `${f.customers} customers, ${f.scored} RFM-scored, k = ${f.k}`);
  for (const [stage, ms] of Object.entries(facts.timings)) refresh.push({ stage: `  facts: ${stage}`, ms, note: '' });
  refresh.push({ stage: '  (RSS after facts)', ms: null, note: `${mb(process.memoryUsage().rss)} now, peak so far ${mb(sampler.peak)}` });
  await timed(refresh, watchdog, 'segments refresh triggered by facts', () => app.get(engine.SegmentRefreshQueue).whenIdle());
  refresh.push({ stage: '  (segments it refreshed, with their sizes)', ms: null, note: await refreshedSince(factsStarted, ['rule', 'rfm']) });

  const trainingStarted = new Date();
  const trained = await timed(refresh, watchdog, 'churn: train + score every customer', () => trainAndScore(engine, app, { population: 'transactions', algorithms }), (t) => `run ${t.run.status}${t.run.error ? `: ${t.run.error}` : ''}`);
  const log = trained.log;
  if (log.datasetMs !== undefined) refresh.push({ stage: '  churn: dataset (load, labels, features)', ms: log.datasetMs, note: `${log.learnFrom} to learn from, ${log.toScore} to score` });
  for (const [kind, c] of Object.entries(log.candidates)) refresh.push({ stage: `  churn: ${kind} (fit, evaluation, importances)`, ms: c.ms, note: `held-out ROC AUC ${c.auc.toFixed(3)}` });
  if (log.scoreMs !== undefined) refresh.push({ stage: '  churn: score every customer (write; reasons worded on read)', ms: log.scoreMs, note: `${log.scored} customers` });
  refresh.push({ stage: '  (RSS after training)', ms: null, note: `${mb(process.memoryUsage().rss)} now, peak so far ${mb(sampler.peak)}` });
  if (trained.run.status !== 'succeeded') throw new Error(`training run failed: ${trained.run.error ?? trained.lines.join(' | ')}`);
  await timed(refresh, watchdog, 'segments refresh triggered by activation', () => app.get(engine.SegmentRefreshQueue).whenIdle());
  refresh.push({ stage: '  (segments it refreshed, with their sizes)', ms: null, note: await refreshedSince(trainingStarted, ['scoreBand']) });

  const refreshMs = performance.now() - started;
  const peak = Math.max(sampler.peak, process.memoryUsage().rss);
  const maxRss = maxRssBytes();
  refresh.push({ stage: 'REFRESH TOTAL', ms: refreshMs, note: `target ≤ ${TARGET_MS / 1000} s: ${refreshMs <= TARGET_MS ? 'met' : 'MISSED'}` });

  // Reasons are worded on the first read of a score (API, templates): what that read costs.
  const { rows: sample } = await prisma.pool.query('SELECT customer_id AS id FROM customer_scores ORDER BY score DESC LIMIT 200');
  await timed(extra, watchdog, `churn reasons worded on first read (${sample.length} riskiest customers, one by one)`, async () => {
    const reasons = app.get(engine.ScoreReasons);
    let worded = 0;
    for (const { id } of sample) if ((await reasons.activeScore(id))?.reasons.length) worded++;
    return worded;
  }, (worded) => `${worded} with reasons`);
  const again = await timed(extra, watchdog, 'refresh the 3 segments again (no change)', () => app.get(engine.MembershipRefresher).refreshSegments('all'), (r) => r.map((x) => `${Math.round(x.ms)} ms`).join(', '));
  const counts = (await prisma.$queryRaw`SELECT (SELECT count(*) FROM customer_facts)::int AS facts, (SELECT count(*) FROM customer_scores)::int AS scores, (SELECT count(*) FROM segment_memberships)::int AS memberships`)[0];
  const artifacts = await prisma.$queryRaw`SELECT algorithm, (length(artifact::text) / 1048576.0)::float8 AS mb FROM model_versions ORDER BY id`;
  const endLoad = machine().load;

  printTable(`Synthetic load (${N.toLocaleString('en-GB')} customers; not part of the refresh)`, load);
  printTable('Refresh', refresh);
  printTable('Extra (not in the total)', extra);
  const aucs = Object.fromEntries(trained.versions.map((v) => [v.algorithm, v.metrics.rocAuc]));
  console.log(`AUCs (held-out): ${Object.entries(aucs).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ')}; decision: ${log.decision}`);
  console.log(`model artifacts (JSON text): ${artifacts.map((a) => `${a.algorithm} ${a.mb.toFixed(1)} MB`).join(', ')}`);
  console.log(`rows: ${counts.facts} customer_facts, ${counts.scores} customer_scores, ${counts.memberships} segment memberships`);
  console.log(`peak memory of this Node process during the refresh: ${mb(peak)} RSS sampled every 100 ms (misses peaks inside long synchronous work), maxRSS ${mb(maxRss)} (process.resourceUsage, whole run) — target < 4 GB: ${Math.max(peak, maxRss) < TARGET_MEMORY ? 'met' : 'MISSED'}; peak JS heap used ${mb(sampler.peakHeap)}`);
  console.log(`PostgreSQL's own memory (shared buffers, sort/hash work memory of its backends) is separate and not counted above.`);
  const probeAfter = cpuProbeMs();
  console.log(`load average: start ${box.load}, end ${endLoad} (1/5/15 min, ${box.cores} cores); CPU probe ${probeBefore} ms before, ${probeAfter} ms after`);
  result.cpuProbeMs = [probeBefore, probeAfter];
  Object.assign(result, { load, refresh, extra, refreshMs, peakRss: peak, maxRss, aucs, counts, loadEnd: endLoad, again });
  if (args.json) console.log(JSON.stringify(result));
} catch (error) {
  if (error.expected) {
    console.log(error.message);
  } else {
    failed = true;
    console.error(`\nFAILED: ${error.stack ?? error.message}`);
    console.error(`memory at failure: RSS ${mb(process.memoryUsage().rss)}, peak sampled ${mb(sampler.peak)}, maxRSS ${mb(maxRssBytes())}; load average ${machine().load}`);
    if (load.length) printTable('load so far', load);
    if (refresh.length) printTable('refresh so far', refresh);
  }
} finally {
  sampler.stop();
  await app?.close().catch((error) => console.error(`closing the engine: ${error.message}`));
  if (args.keep) console.log(`kept the database ${name} (${url}); drop it with DROP DATABASE "${name}"`);
  else await dropDatabase(engine.pg, name).then(() => console.log(`dropped ${name}`), (error) => { failed = true; console.error(`could not drop ${name}: ${error.message}`); });
  watchdog?.close();
}
process.exit(failed ? 1 : 0);
