import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { BUILT_MAIN, freePort, startEngineProcess } from './testing/engine-process';

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/**
 * The default a new user gets from `npm start`: no DATABASE_URL, so the engine runs an embedded
 * PostgreSQL under RETAIN_HOME, migrates, loads the demo data, serves, and stops the database on exit.
 */
describe('the embedded default, end to end (built engine, real embedded PostgreSQL)', () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'retain-home-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('starts, loads the demo, serves the API, stops its database, and reuses everything on the next start', async () => {
    expect(existsSync(BUILT_MAIN)).toBe(true);
    const pgPort = await freePort();
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      RETAIN_HOME: home,
      RETAIN_EMBEDDED_PG_PORT: String(pgPort),
      RETAIN_DEMO: '1',
      LOG_LEVEL: 'warn',
    };

    const first = startEngineProcess({ ...env, PORT: String(await freePort()) });
    const explain = (process: { output(): string }) => (error: unknown) => {
      throw new Error(`${(error as Error).message}\n--- engine output ---\n${process.output()}`);
    };
    try {
      const [, url] = await first.waitFor(/Retain is running at (\S+)/, 240_000);
      const [, email, password] = await first.waitFor(/Sign in as (\S+) with password (\S+)/, 5_000);
      expect(first.output()).toContain('embedded PostgreSQL');
      const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
      expect(login.status).toBe(200);
      const { token } = (await login.json()) as { token: string };
      const customers = await fetch(`${url}/api/customers?pageSize=1`, { headers: { authorization: `Bearer ${token}` } });
      const body = (await customers.json()) as { total: number };
      // Online Retail's 4,372 customers plus Telco's 7,043.
      expect(body.total).toBe(4372 + 7043);
      const get = async (path: string) => {
        const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
        expect(response.status).toBe(200);
        return response.json() as Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      };
      // The demo workspace shows RFM segments, clusters and churn scores with reasons.
      const segments = await get('/api/segments');
      const atRisk = (segments.items ?? segments).find((segment: { name: string }) => segment.name === 'At Risk');
      expect(atRisk.size).toBeGreaterThan(100);
      const clusters = await get('/api/segmentation/clusters');
      expect(clusters.k).toBeGreaterThanOrEqual(2);
      const models = await get('/api/models');
      expect((models.items ?? models).filter((m: { status: string }) => m.status === 'active').length).toBe(2);
      const member = await get(`/api/segments/${atRisk.id}/members?pageSize=1`);
      const customerId = (member.items ?? member)[0].customerId ?? (member.items ?? member)[0].id;
      const score = await get(`/api/customers/${customerId}/score`);
      expect(JSON.stringify(score)).toMatch(/no purchase for \d+ days/);
      expect(await portOpen(pgPort)).toBe(true);
    } catch (error) {
      await first.stop();
      explain(first)(error);
    }
    expect(await first.stop()).toBe(0);
    expect(await portOpen(pgPort)).toBe(false);

    const second = startEngineProcess({ ...env, PORT: String(await freePort()) });
    try {
      const [, url] = await second.waitFor(/Retain is running at (\S+)/, 60_000);
      const [, email, password] = await second.waitFor(/Sign in as (\S+) with password (\S+)/, 5_000);
      expect(second.output()).not.toContain('Initialising an embedded PostgreSQL');
      expect(second.output()).toMatch(/demo data (is )?already loaded/i);
      const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
      expect(login.status).toBe(200);
    } catch (error) {
      await second.stop();
      explain(second)(error);
    }
    expect(await second.stop()).toBe(0);
  }, 400_000);
});
