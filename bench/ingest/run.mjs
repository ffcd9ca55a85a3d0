#!/usr/bin/env node
// The ingestion benchmarks, one after the other, with their figures at the end:
//   1. batch-throughput.mjs      Segment-style POST /v1/batch into PostgreSQL (events/s, latencies);
//   2. online-retail-import.mjs  the UCI Online Retail CSV through the import path (lines/s).
//
//   node bench/ingest/run.mjs [options for batch-throughput, e.g. --events 200000 --concurrency 4]
//
// Builds the engine once first (--skip-build to reuse apps/engine/dist). Each benchmark creates and
// drops its own database on postgresql://postgres@127.0.0.1:5432 unless DATABASE_URL is set.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const passThrough = process.argv.slice(2).filter((a) => a !== '--skip-build' && a !== '--json');

/** Runs a script, echoing its output, and returns what it printed on stdout. */
function run(script, args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(here, script), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      process.stdout.write(chunk);
    });
    child.on('exit', (code) => resolve({ code, stdout }));
  });
}

if (!process.argv.includes('--skip-build')) {
  console.log('[bench] building the engine');
  for (const [command, args] of [
    [process.execPath, ['scripts/prisma.mjs', 'generate']],
    ['npx', ['tsc', '-b', 'apps/engine/tsconfig.build.json']],
  ]) {
    if (spawnSync(command, args, { cwd: root, stdio: 'inherit' }).status !== 0) {
      console.error(`[bench] build failed: ${command} ${args.join(' ')}`);
      process.exit(1);
    }
  }
}

const summary = [];
let failed = false;

console.log('\n[bench] 1/2 batch-throughput.mjs');
const batch = await run('batch-throughput.mjs', ['--skip-build', '--json', ...passThrough]);
try {
  const result = JSON.parse(batch.stdout.trim().split('\n').pop());
  summary.push(
    `POST /v1/batch: ${result.eventsPerSecond.toLocaleString('en-GB')} events/s (${result.events} events, batches of ${result.batchSize}, concurrency ${result.concurrency}, ${result.seconds} s); ` +
      `batch latency p50 ${result.batchLatencyMs.p50} ms, p99 ${result.batchLatencyMs.p99} ms; ` +
      `${result.eventsPerCpuSecond.toLocaleString('en-GB')} events per CPU-second (load average ${result.loadAverageBefore}); ` +
      `stored ${result.stored}/${result.expected}, re-sent batch added ${result.resentBatchAdded}${result.ok ? '' : ` — FAILED: ${result.problems.join('; ')}`}`,
  );
  failed ||= !result.ok || batch.code !== 0;
} catch {
  summary.push(`POST /v1/batch: FAILED (exit code ${batch.code}; see the output above)`);
  failed = true;
}

console.log('\n[bench] 2/2 online-retail-import.mjs');
if (!existsSync(path.join(here, 'online-retail-import.mjs'))) {
  summary.push('Online Retail import: skipped (bench/ingest/online-retail-import.mjs does not exist yet)');
} else {
  const retail = await run('online-retail-import.mjs', []);
  const lines = retail.stdout.split('\n').filter((l) => /^run \d/.test(l));
  if (retail.code === 0 && lines.length) summary.push(...lines.map((l) => `Online Retail import, ${l}`));
  else {
    summary.push(`Online Retail import: FAILED (exit code ${retail.code}; see the output above)`);
    failed = true;
  }
}

console.log('\n[bench] results');
for (const line of summary) console.log(`  ${line}`);
process.exitCode = failed ? 1 : 0;
