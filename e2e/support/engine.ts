import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { existsSync } from 'node:fs';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
const BUILT_ENGINE = path.join(REPO_ROOT, 'apps', 'engine', 'dist', 'main.js');
const BUILT_BUILDER = path.join(REPO_ROOT, 'apps', 'builder', 'dist', 'index.html');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RunningEngine {
  pid: number;
  baseUrl: string;
  output(): string;
}

/** Starts `node apps/engine/dist/main.js` and waits until GET /api/health answers 200. */
export async function startEngine(env: Record<string, string>, timeoutMs = 45_000): Promise<RunningEngine> {
  for (const [file, what] of [[BUILT_ENGINE, 'engine'], [BUILT_BUILDER, 'builder']] as const) {
    if (!existsSync(file)) throw new Error(`The ${what} is not built (${path.relative(REPO_ROOT, file)} is missing): run npm run build first.`);
  }
  const port = await freePort();
  const child = spawn(process.execPath, [BUILT_ENGINE], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // Output is still read after start, so the pipes never fill; the engine outlives this module's caller.
  child.unref();

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The engine exited with code ${child.exitCode} while starting:\n${output}`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.status === 200) return { pid: child.pid!, baseUrl, output: () => output };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`The engine did not answer GET /api/health within ${timeoutMs} ms:\n${output}`);
}

/** Stops the engine with SIGTERM (SIGKILL after a grace period) and waits until it is gone. */
export async function stopEngine(pid: number, graceMs = 10_000): Promise<void> {
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (alive() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  if (alive()) process.kill(pid, 'SIGKILL');
}
