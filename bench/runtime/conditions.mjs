#!/usr/bin/env node
// Condition evaluation speed: one realistic segment condition over 1,000,000 synthetic customers,
// the compiled predicate (compileCondition) against json-rules-engine (createEngineEvaluator, the
// reference). Both through the built lib, the same way the engine uses it.
//
//   node bench/runtime/conditions.mjs [--customers 1000000] [--engine-sample 20000] [--seed 7]
//        [--skip-build] [--json]
//
// json-rules-engine runs on the first --engine-sample customers only (one awaited run per customer
// takes ~30 µs, so 1,000,000 would take about half a minute or more); its time for the full set is
// extrapolated from the sample and printed as such. Exits 1 if the two disagree on any customer
// of the sample, or if the compiled predicate's count differs between two passes.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: args } = parseArgs({
  options: {
    customers: { type: 'string', default: '1000000' },
    'engine-sample': { type: 'string', default: '20000' },
    seed: { type: 'string', default: '7' },
    'skip-build': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const customerCount = Number(args.customers);
const sampleSize = Math.min(Number(args['engine-sample']), customerCount);

if (!args['skip-build']) {
  const build = spawnSync('npx', ['tsc', '-b', 'libs/rules/tsconfig.json'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const { compileCondition, createEngineEvaluator, validateCondition } = createRequire(import.meta.url)(path.join(root, 'libs/rules/dist/index.js'));

// A win-back audience: at-risk customers in our EU markets, aged 25–65, who spent well or hold a
// high tier, have not bought for 45 days and have a real email address.
const condition = {
  all: [
    { fact: 'segments', operator: 'inSegment', value: 'at-risk' },
    { fact: 'country', operator: 'in', value: ['FR', 'DE', 'ES', 'IT', 'NL', 'BE', 'AT', 'PT'] },
    { fact: 'lastPurchaseAt', operator: 'daysAgoGreaterThan', value: 45 },
    { any: [{ fact: 'totalSpend', operator: 'greaterThanInclusive', value: 200 }, { fact: 'tier', operator: 'in', value: ['gold', 'platinum'] }] },
    { fact: 'profile', path: '$.age', operator: 'between', value: [25, 65] },
    { not: { fact: 'email', operator: 'endsWith', value: '@example.invalid' } },
  ],
};
const problems = validateCondition(condition);
if (problems.length > 0) throw new Error(JSON.stringify(problems));

const now = new Date('2024-06-01T00:00:00Z');

/** mulberry32: a small seeded generator, so every run sees the same customers. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function synthesiseCustomers(count, seed) {
  const next = random(seed);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const countries = ['FR', 'DE', 'ES', 'IT', 'NL', 'BE', 'AT', 'PT', 'GB', 'US', 'CA', 'PL'];
  const tiers = ['bronze', 'silver', 'gold', 'platinum'];
  const segmentPool = ['at-risk', 'vip', 'new', 'lapsed', 'champions', 'newsletter'];
  const customers = new Array(count);
  for (let i = 0; i < count; i++) {
    const segments = segmentPool.filter(() => next() < 0.35);
    // real data has holes (no purchase yet, no profile, spend unknown), stored as null the way
    // rows come out of PostgreSQL, so every customer object has the same shape
    const customer = {
      customerId: `c${i}`,
      country: pick(countries),
      tier: pick(tiers),
      totalSpend: next() < 0.03 ? null : Math.round(next() * 60000) / 100,
      orderCount: Math.floor(next() * 30),
      lastPurchaseAt: next() < 0.9 ? new Date(now.getTime() - Math.floor(next() * 400) * 86_400_000) : null,
      segments,
      email: next() < 0.05 ? `user${i}@example.invalid` : `user${i}@mail.example.com`,
      profile: next() < 0.05 ? null : { age: 16 + Math.floor(next() * 70), city: pick(['Paris', 'Berlin', 'Madrid', 'Rome']) },
      scores: { churn: next() },
    };
    customers[i] = customer;
  }
  return customers;
}

const log = (...parts) => {
  if (!args.json) console.log(...parts);
};

log(`Synthesising ${customerCount.toLocaleString('en')} customers…`);
const customers = synthesiseCustomers(customerCount, Number(args.seed));

// compiled predicate: compile once, warm up, then two timed passes over every customer
const compileStart = performance.now();
const predicate = compileCondition(condition, { now });
const compileMs = performance.now() - compileStart;
for (let i = 0; i < Math.min(50_000, customerCount); i++) predicate(customers[i]);
const passes = [];
for (let pass = 0; pass < 2; pass++) {
  const start = performance.now();
  let matched = 0;
  for (let i = 0; i < customerCount; i++) if (predicate(customers[i])) matched++;
  passes.push({ ms: performance.now() - start, matched });
}
const compiledMs = Math.min(...passes.map((pass) => pass.ms));
const compiledMatched = passes[0].matched;
const compiledPerSecond = customerCount / (compiledMs / 1000);

// json-rules-engine on the sample, one awaited run per customer (how a single evaluation is used)
const reference = createEngineEvaluator(condition, { now });
for (let i = 0; i < Math.min(500, sampleSize); i++) await reference(customers[i]);
const engineStart = performance.now();
const engineResults = new Array(sampleSize);
for (let i = 0; i < sampleSize; i++) engineResults[i] = await reference(customers[i]);
const engineMs = performance.now() - engineStart;
const enginePerSecond = sampleSize / (engineMs / 1000);

let mismatches = 0;
let sampleMatched = 0;
for (let i = 0; i < sampleSize; i++) {
  const compiled = predicate(customers[i]);
  if (compiled) sampleMatched++;
  if (compiled !== engineResults[i]) mismatches++;
}

const extrapolatedEngineSeconds = customerCount / enginePerSecond;
const ratio = compiledPerSecond / enginePerSecond;
const result = {
  customers: customerCount,
  matched: compiledMatched,
  compileMs: Number(compileMs.toFixed(3)),
  compiled: { ms: Number(compiledMs.toFixed(1)), perSecond: Math.round(compiledPerSecond) },
  engine: {
    sample: sampleSize,
    ms: Number(engineMs.toFixed(1)),
    perSecond: Math.round(enginePerSecond),
    extrapolatedSecondsForAll: sampleSize < customerCount ? Number(extrapolatedEngineSeconds.toFixed(1)) : undefined,
  },
  sample: { matched: sampleMatched, mismatches },
  speedRatio: Math.round(ratio),
  node: process.version,
};

if (args.json) {
  console.log(JSON.stringify(result));
} else {
  log(`Condition: ${JSON.stringify(condition)}`);
  log(`Compiled predicate:  ${customerCount.toLocaleString('en')} customers in ${compiledMs.toFixed(1)} ms → ${(compiledPerSecond / 1e6).toFixed(1)} M evaluations/s; ${compiledMatched.toLocaleString('en')} match (compiled in ${compileMs.toFixed(2)} ms)`);
  log(
    `json-rules-engine:   ${sampleSize.toLocaleString('en')} customers in ${engineMs.toFixed(0)} ms → ${Math.round(enginePerSecond).toLocaleString('en')} evaluations/s` +
      (sampleSize < customerCount ? ` (sample; all ${customerCount.toLocaleString('en')} would take ≈ ${extrapolatedEngineSeconds.toFixed(1)} s, extrapolated)` : ''),
  );
  log(`Same result on the sample: ${mismatches === 0 ? 'yes' : `NO — ${mismatches} customers differ`} (${sampleMatched.toLocaleString('en')} of ${sampleSize.toLocaleString('en')} match)`);
  log(`Speed ratio: ${Math.round(ratio).toLocaleString('en')}× (goal: at least 1,000×)`);
}
if (mismatches > 0 || passes[0].matched !== passes[1].matched) process.exit(1);
