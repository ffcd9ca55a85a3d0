#!/usr/bin/env node
// Online Retail through the real import path of the built engine: wall time, rows/s, peak RSS.
// Run after: npx tsc -b apps/engine/tsconfig.build.json
// Uses DATABASE_URL if set (and leaves that database alone), otherwise creates a fresh database on
// postgresql://postgres@127.0.0.1:5432 and drops it at the end.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const dist = (file) => path.join(root, 'apps', 'engine', 'dist', file);
require('reflect-metadata');
const { Client } = require('pg');
const { migrate } = require(dist('database/migrator.js'));
const { PrismaService } = require(dist('database/prisma.service.js'));
const { ImportJobsRepository } = require(dist('imports/import-jobs.repository.js'));
const { ImportService } = require(dist('imports/import.service.js'));

const file = process.env.ONLINE_RETAIL_FILE ?? path.join(root, '..', 'shared', 'data', 'online_retail.csv.gz');
const server = process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const runs = Number(process.env.BENCH_RUNS ?? 2);

let peakRss = process.memoryUsage().rss;
let peakHeap = 0;
const sampler = setInterval(() => {
  const memory = process.memoryUsage();
  peakRss = Math.max(peakRss, memory.rss);
  peakHeap = Math.max(peakHeap, memory.heapUsed);
}, 50);

async function admin(sql) {
  const client = new Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const ownDatabase = !process.env.DATABASE_URL;
const name = `retain_bench_${Date.now()}`;
let url = process.env.DATABASE_URL;
if (ownDatabase) {
  await admin(`CREATE DATABASE "${name}"`);
  const u = new URL(server);
  u.pathname = `/${name}`;
  url = u.toString();
}
const prisma = new PrismaService(url);
try {
  await migrate(url);
  const service = new ImportService(prisma, new ImportJobsRepository(prisma));
  console.log(`file: ${file}`);
  for (let run = 1; run <= runs; run++) {
    const rssBefore = peakRss;
    const started = process.hrtime.bigint();
    const report = await service.run({ kind: 'transactions', filePath: file, mode: 'skip-and-report', preset: 'online-retail', actor: { userId: null, label: 'bench' } });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    console.log(
      `run ${run}${run === 1 ? ' (empty database)' : ' (re-import)'}: ${seconds.toFixed(2)} s, ${Math.round(report.linesRead / seconds).toLocaleString('en-GB')} lines/s, ` +
        `lines ${report.linesRead}, inserted ${report.inserted}, unchanged ${report.unchanged}, skipped ${report.skipped}, bad ${report.rejected}, ` +
        `customers created ${report.customersCreated}; peak RSS ${(peakRss / 1048576).toFixed(0)} MB (before: ${(rssBefore / 1048576).toFixed(0)} MB), peak JS heap used ${(peakHeap / 1048576).toFixed(0)} MB`,
    );
  }
} finally {
  clearInterval(sampler);
  await prisma.onModuleDestroy();
  if (ownDatabase) await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}
