// Forked by harness.mjs's Watchdog: argv = parent pid, database name, server URL. When a stage
// exceeds its limit: print which, SIGKILL the parent, drop the database, exit 1. Exits quietly when
// the parent says done or goes away.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [parentPid, databaseName, serverUrl] = process.argv.slice(2);
const require = createRequire(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'package.json'));
let timer = null;
let stage = null;
let stageStarted = 0;
let expiring = false;

async function expire(limitMs) {
  expiring = true;
  console.error(`\nWATCHDOG: stage "${stage}" exceeded ${Math.round(limitMs / 60000)} min (${((Date.now() - stageStarted) / 1000).toFixed(0)} s): stopping the benchmark (pid ${parentPid}) and dropping ${databaseName}.`);
  try {
    process.kill(Number(parentPid), 'SIGKILL');
  } catch {
    /* already gone */
  }
  try {
    const { Client } = require('pg');
    const client = new Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
    await client.end();
  } catch (error) {
    console.error(`WATCHDOG: could not drop ${databaseName}: ${error.message}`);
  }
  process.exit(1);
}

process.on('message', (message) => {
  if (timer) clearTimeout(timer);
  timer = null;
  if (message.done) return process.exit(0);
  stage = message.stage;
  stageStarted = Date.now();
  timer = setTimeout(() => void expire(message.limitMs), message.limitMs);
});
process.on('disconnect', () => {
  if (!expiring) process.exit(0);
});
