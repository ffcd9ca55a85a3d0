#!/usr/bin/env node
// How fast a 200-node journey opens in the builder: the built engine (serving the built builder)
// on a throw-away database, 200-node flows created through the API, each opened in a fresh
// headless Chromium tab. "Interactive" is: the canvas is visible with all 200 nodes rendered
// (fit view shows the whole journey, so onlyRenderVisibleElements renders every node), a click
// on the first node opens its settings, and a click in the palette adds a step. The time runs from
// the start of the navigation to the end of those checks. Target: within 1 s.
// Also prints the production bundle of the canvas route (raw and gzipped).
//
//   node bench/builder/canvas-200.mjs [--runs 7] [--json] [--engine-log] [--profile out.cpuprofile]
//
// --profile records the page's CPU profile over the measured part of the last run (open in Chrome
// DevTools' Performance panel) and prints the functions with the most self time and the phases.
//
// Creates retain_bench_<timestamp> on postgresql://postgres@127.0.0.1:5432 (BENCH_POSTGRES_URL)
// and drops it after. Chromium: /usr/bin/chromium (RETAIN_E2E_CHROMIUM).
// Build first: npm run build -w @retain/builder && npx tsc -b apps/engine/tsconfig.build.json
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
// the e2e workspace's Playwright (hoisted to the root node_modules), driving Debian's Chromium
import { chromium } from '@playwright/test';
import { admin, databaseUrl, machine, require, root } from '../segmentation/lib/harness.mjs';
import { canvasBundle } from './bundle-size.mjs';
import { flow200 } from './flow-200.mjs';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    json: { type: 'boolean', default: false },
    'engine-log': { type: 'boolean', default: false },
    profile: { type: 'string' },
  },
});
const RUNS = Number(args.runs);
const TARGET_MS = 1000;
const ADMIN = { email: 'admin@retain.local', password: 'bench-admin-password' };
const log = (line) => !args.json && console.log(`[bench:builder] ${line}`);
const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;

for (const file of ['apps/engine/dist/main.js', 'apps/builder/dist/index.html']) {
  if (!existsSync(path.join(root, file))) {
    console.error(`${file} is missing: run \`npm run build -w @retain/builder && npx tsc -b apps/engine/tsconfig.build.json\` first.`);
    process.exit(1);
  }
}

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

async function call(base, token, method, route, body) {
  const response = await fetch(`${base}${route}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${text.slice(0, 2000)}`);
  return text ? JSON.parse(text) : null;
}

/** One measured opening of a flow in a fresh tab (already signed in, as after the login page). */
async function openOnce(browser, base, flowId, profile = false) {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, baseURL: base });
  const page = await context.newPage();
  try {
    await page.goto('/login');
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Customers' }).waitFor();

    const cdp = profile ? await context.newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    const started = performance.now();
    await page.goto(`/flows/${flowId}`);
    const canvas = page.getByTestId('flow-canvas');
    await canvas.waitFor();
    const canvasShown = performance.now();
    await page.waitForFunction((n) => document.querySelectorAll('.react-flow__node').length >= n, 200, { polling: 'raf' });
    const rendered = performance.now();
    await page.getByTestId('node-trigger').locator('.flow-node-title').click();
    await page.locator('.node-panel h2', { hasText: '(trigger)' }).waitFor();
    await page.getByTestId('palette-goal').click();
    await page.getByTestId('node-goal').waitFor();
    const interactive = performance.now();
    const cpuProfile = cdp ? (await cdp.send('Profiler.stop')).profile : undefined;
    const nodes = await page.locator('.react-flow__node').count();
    // where the time went, in the page's own clock (from the start of the navigation)
    const phases = await page.evaluate(() => {
      const navigation = performance.getEntriesByType('navigation')[0];
      const resources = performance.getEntriesByType('resource');
      const last = (test) => Math.max(0, ...resources.filter((r) => test(r.name)).map((r) => r.responseEnd));
      return {
        documentMs: navigation.domContentLoadedEventEnd,
        canvasCodeMs: last((name) => /\/assets\/(FlowEditor|FlowEditorPage|ConditionBuilder)-/.test(name)),
        flowDataMs: last((name) => /\/api\/(flows|segments)/.test(name)),
      };
    });
    return { canvasMs: canvasShown - started, renderedMs: rendered - started, interactiveMs: interactive - started, nodes, phases, cpuProfile };
  } finally {
    await context.close();
  }
}

/** The functions with the most self time in a V8 CPU profile, "12.3 ms  name  file:line". */
function topSelfTime(profile, count) {
  const byFrame = new Map();
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  profile.samples.forEach((id, i) => {
    const { functionName, url, lineNumber } = nodes.get(id).callFrame;
    const key = `${functionName || '(anonymous)'}  ${url.split('/').pop() || '(native)'}:${lineNumber + 1}`;
    byFrame.set(key, (byFrame.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...byFrame.entries()].sort((a, b) => b[1] - a[1]).slice(0, count).map(([key, ms]) => `${ms.toFixed(1).padStart(7)} ms  ${key}`);
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const box = machine();
log(`machine: ${box.cores} cores (${box.cpu}), Node ${box.node}; load average at start ${box.load}`);
const pg = require('pg');
const name = `retain_bench_${Date.now()}`;
const home = mkdtempSync(path.join(tmpdir(), 'retain-bench-builder-'));
const result = { machine: box, runs: RUNS };
let child;
let browser;
let failed = false;
try {
  const bundle = canvasBundle(path.join(root, 'apps', 'builder', 'dist'));
  result.bundle = bundle;
  log(`canvas route bundle (apps/builder/dist/assets, loaded when a flow opens):`);
  for (const file of bundle.route) log(`  ${file.file.padEnd(36)} ${kB(file.raw).padStart(10)} raw  ${kB(file.gzip).padStart(9)} gzipped`);
  log(`  ${'total'.padEnd(36)} ${kB(bundle.total.raw).padStart(10)} raw  ${kB(bundle.total.gzip).padStart(9)} gzipped`);
  log(`  (loaded by every page before: ${bundle.everyPage.files.join(', ')}: ${kB(bundle.everyPage.raw)} raw, ${kB(bundle.everyPage.gzip)} gzipped)`);
  for (const file of bundle.onDemand.files) log(`  (loaded later, when asked for: ${file.file}: ${kB(file.raw)} raw, ${kB(file.gzip)} gzipped)`);

  await admin(pg, `CREATE DATABASE "${name}"`);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, [path.join(root, 'apps/engine/dist/main.js')], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DATABASE_URL: databaseUrl(name),
      PORT: String(port),
      HOST: '127.0.0.1',
      JWT_SECRET: 'bench-jwt-secret-bench-jwt-secret-0123456789',
      RETAIN_ADMIN_EMAIL: ADMIN.email,
      RETAIN_ADMIN_PASSWORD: ADMIN.password,
      RETAIN_HOME: home,
      RETAIN_DEMO: '0',
      RETAIN_MODEL_TRAINING_CRON: 'off',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', args['engine-log'] ? 'inherit' : 'ignore', 'inherit'],
  });
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the engine exited (${child.exitCode})`);
    if (i > 240) throw new Error('the engine did not answer within 60 s');
    if (await fetch(`${base}/api/health`).then((r) => r.ok).catch(() => false)) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const { token } = await call(base, '', 'POST', '/api/auth/login', ADMIN);

  // one flow per opening (plus a warm-up): each opening adds a step from the palette
  const definition = flow200();
  const flowIds = [];
  for (let i = 0; i <= RUNS; i++) {
    const flow = await call(base, token, 'POST', '/api/flows', { name: `Canvas 200 #${i}`, definition });
    if (i === 0) {
      const { valid, problems } = await call(base, token, 'POST', `/api/flows/${flow.id}/validate`);
      if (!valid) throw new Error(`the generated 200-node flow is not valid: ${JSON.stringify(problems.slice(0, 5))}`);
      log(`the generated flow: ${definition.nodes.length} nodes, ${definition.edges.length} connections, valid on the server`);
    }
    flowIds.push(flow.id);
  }

  browser = await chromium.launch({
    executablePath: process.env.RETAIN_E2E_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const warmUp = await openOnce(browser, base, flowIds[0]);
  log(`warm-up (not counted): interactive after ${warmUp.interactiveMs.toFixed(0)} ms`);
  const runs = [];
  for (const [index, flowId] of flowIds.slice(1).entries()) {
    const run = await openOnce(browser, base, flowId, Boolean(args.profile) && index === RUNS - 1);
    if (run.cpuProfile) {
      writeFileSync(args.profile, JSON.stringify(run.cpuProfile));
      log(`CPU profile of run ${index + 1} written to ${args.profile}; most self time:`);
      for (const line of topSelfTime(run.cpuProfile, 20)) log(`  ${line}`);
    }
    runs.push(run);
    const { documentMs, canvasCodeMs, flowDataMs } = run.phases;
    log(
      `run ${runs.length}: page ${documentMs.toFixed(0)} ms, canvas code ${canvasCodeMs.toFixed(0)} ms, journey data ${flowDataMs.toFixed(0)} ms, canvas shown ${run.canvasMs.toFixed(0)} ms, ` +
        `200 nodes rendered ${run.renderedMs.toFixed(0)} ms, interactive ${run.interactiveMs.toFixed(0)} ms (${run.nodes} nodes on the canvas)`,
    );
  }
  const interactive = runs.map((r) => r.interactiveMs);
  const rendered = runs.map((r) => r.renderedMs);
  Object.assign(result, {
    renderedMs: { min: Math.round(Math.min(...rendered)), median: Math.round(median(rendered)) },
    interactiveMs: { min: Math.round(Math.min(...interactive)), median: Math.round(median(interactive)), max: Math.round(Math.max(...interactive)) },
    loadAfter: machine().load,
  });
  log(`navigation → 200 nodes rendered: min ${result.renderedMs.min} ms, median ${result.renderedMs.median} ms`);
  log(`navigation → interactive: min ${result.interactiveMs.min} ms, median ${result.interactiveMs.median} ms, max ${result.interactiveMs.max} ms over ${RUNS} runs; load average after ${result.loadAfter}`);
  log(`verdict: median ${result.interactiveMs.median} ms — ${result.interactiveMs.median <= TARGET_MS ? 'within' : 'NOT within'} the 1 s target`);
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await browser?.close();
  child?.kill('SIGTERM');
  await new Promise((resolve) => (child && child.exitCode === null ? child.once('exit', resolve) : resolve()));
  await admin(pg, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch((error) => console.error(`could not drop ${name}: ${error.message}`));
  rmSync(home, { recursive: true, force: true });
  if (args.json) console.log(JSON.stringify(result));
  process.exit(failed ? 1 : 0);
}
