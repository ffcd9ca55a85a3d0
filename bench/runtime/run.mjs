#!/usr/bin/env node
// The runtime benchmarks, one after the other, with their figures at the end:
//   1. conditions.mjs       one condition over 1,000,000 customers: compiled predicate vs json-rules-engine;
//   2. enrollments-1m.mjs   1,000,000 enrollments through a 6-node flow on BullMQ and PostgreSQL;
//   3. event-latency.mjs    /v1/track → webhook action latency at 500 events/s.
//
//   npm run bench:runtime [-- --skip-build] [-- --only conditions,latency]
//
// Builds the engine once first (--skip-build to reuse apps/engine/dist). Needs PostgreSQL on
// 127.0.0.1:5432 and Redis (REDIS_URL, default redis://127.0.0.1:6379/6).
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const { values: args } = parseArgs({ options: { 'skip-build': { type: 'boolean', default: false }, only: { type: 'string', default: 'conditions,enrollments,latency' } } });
const only = new Set(args.only.split(','));

function run(script, scriptArgs) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(here, script), ...scriptArgs], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      process.stdout.write(chunk);
    });
    child.on('exit', (code) => resolve({ code, last: stdout.trim().split('\n').pop() }));
  });
}

if (!args['skip-build']) {
  console.log('[bench] building the engine');
  for (const [command, commandArgs] of [
    [process.execPath, ['scripts/prisma.mjs', 'generate']],
    ['npx', ['tsc', '-b', 'apps/engine/tsconfig.build.json']],
  ]) {
    if (spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' }).status !== 0) {
      console.error(`[bench] build failed: ${command} ${commandArgs.join(' ')}`);
      process.exit(1);
    }
  }
}

const summary = [];
let failed = false;
const parse = (result, describe) => {
  try {
    summary.push(describe(JSON.parse(result.last)));
  } catch {
    summary.push(`FAILED (exit code ${result.code}; see the output above)`);
  }
  failed ||= result.code !== 0;
};

if (only.has('conditions')) {
  console.log('\n[bench] conditions.mjs');
  parse(await run('conditions.mjs', ['--skip-build', '--json']), (r) =>
    `one condition over ${r.customers.toLocaleString('en-GB')} customers: compiled ${(r.compiled.perSecond / 1e6).toFixed(1)} M/s, json-rules-engine ${r.engine.perSecond.toLocaleString('en-GB')}/s → ${r.speedRatio.toLocaleString('en-GB')}× (goal ≥ 1,000×), ${r.sample.mismatches} disagreements on ${r.engine.sample.toLocaleString('en-GB')}`);
}
if (only.has('enrollments')) {
  console.log('\n[bench] enrollments-1m.mjs');
  parse(await run('enrollments-1m.mjs', ['--json']), (r) =>
    `1M enrollments, 6-node flow (actions: ${r.actions}): enroll ${(r.enrollMs / 1000).toFixed(1)} s, stepping after it ${(r.steppingMs / 1000).toFixed(1)} s, total ${(r.totalMs / 1000).toFixed(1)} s (${r.perSecond.toLocaleString('en-GB')}/s)${r.problems.length ? ` — FAILED: ${r.problems.join('; ')}` : ''}`,
  );
}
if (only.has('latency')) {
  console.log('\n[bench] event-latency.mjs');
  parse(await run('event-latency.mjs', ['--json']), (r) =>
    `event → action at ${r.sendRate}/s: p50 ${r.latencyMs.p50} ms, p90 ${r.latencyMs.p90} ms, p99 ${r.latencyMs.p99} ms, max ${r.latencyMs.max} ms (${r.actionsReceived}/${r.sent} actions, ${r.duplicates} duplicates)`,
  );
}
console.log('\n[bench] summary');
for (const line of summary) console.log(`  ${line}`);
process.exit(failed ? 1 : 0);
