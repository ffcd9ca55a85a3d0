#!/usr/bin/env node
// Runs the Prisma CLI for the commands that work without its native schema engine (generate,
// validate, format). The CLI insists on downloading that engine before any command, and this
// project must install and run with no network beyond the npm registry, so we point it at a
// shim that fails loudly if anything ever calls it. Migrations are applied by Retain's own
// migrator (apps/engine/src/database/migrator.ts), which keeps Prisma's _prisma_migrations table.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const cli = require.resolve('prisma/build/index.js');
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? path.join(root, 'prisma', 'schema-engine-unavailable.sh'),
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  CHECKPOINT_DISABLE: '1',
};
const result = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], { cwd: root, env, stdio: 'inherit' });
process.exit(result.status ?? 1);
