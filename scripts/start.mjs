#!/usr/bin/env node
// `npm start`: the one command. Installs dependencies if this is a fresh clone, builds what changed,
// then starts the engine: an embedded PostgreSQL unless DATABASE_URL is set, migrations, the demo
// data on first start (RETAIN_DEMO=0 to skip), the API and the builder on one port.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINE_NODE_ARGS } from './engine-node-args.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(command, args, label) {
  console.log(`[retain] ${label}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (result.status !== 0) {
    console.error(`[retain] ${label} failed (exit ${result.status}).`);
    process.exit(result.status ?? 1);
  }
}

if (!existsSync(path.join(root, 'node_modules', '.package-lock.json'))) run(npm, ['install', '--no-audit', '--no-fund'], 'Installing dependencies (first start)');
run(npm, ['run', '--silent', 'build'], 'Building engine and builder');

const engine = spawn(process.execPath, [...ENGINE_NODE_ARGS, path.join(root, 'apps/engine/dist/main.js')], {
  cwd: root,
  stdio: 'inherit',
  env: { RETAIN_DEMO: '1', ...process.env },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => engine.kill(signal));
engine.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
