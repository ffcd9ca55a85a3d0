#!/usr/bin/env node
// `npm test`: every check, in the order a failure is cheapest to find. Needs PostgreSQL on
// 127.0.0.1:5432 (TEST_POSTGRES_URL to change), Redis on 127.0.0.1:6379, and /usr/bin/chromium
// for the browser tests (set RETAIN_SKIP_E2E=1 to skip them where Chromium is missing).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const env = { ...process.env, NX_DAEMON: 'false', FORCE_COLOR: process.env.CI ? '0' : process.env.FORCE_COLOR };
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

const steps = [
  ['Prisma client', 'node', ['scripts/prisma.mjs', 'generate']],
  ['Type check', bin('tsc'), ['-b', 'apps/engine/tsconfig.json']],
  ['Type check (builder)', bin('tsc'), ['-p', 'apps/builder/tsconfig.json', '--noEmit']],
  ['Project graph', bin('nx'), ['show', 'projects']],
  ['Lint (incl. module boundaries)', bin('eslint'), ['.']],
  ['Build', 'npm', ['run', '--silent', 'build']],
  ['Unit and component tests', bin('jest'), ['--selectProjects', 'unit', 'builder']],
  ['Integration tests (PostgreSQL, Redis, built engine)', bin('jest'), ['--selectProjects', 'integration', '--runInBand']],
];
if (process.env.RETAIN_SKIP_E2E !== '1') steps.push(['Browser tests (Playwright, Chromium)', 'npm', ['run', '--silent', 'test:e2e', '-w', '@retain/e2e']]);

const started = Date.now();
for (const [label, command, args] of steps) {
  if (label === 'Type check (builder)' && !existsSync(path.join(root, 'apps/builder/tsconfig.json'))) continue;
  const t0 = Date.now();
  console.log(`\n=== ${label}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\n=== FAILED: ${label} (exit ${result.status}, ${seconds} s)`);
    process.exit(result.status ?? 1);
  }
  console.log(`=== ok: ${label} (${seconds} s)`);
}
console.log(`\nAll checks passed in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
