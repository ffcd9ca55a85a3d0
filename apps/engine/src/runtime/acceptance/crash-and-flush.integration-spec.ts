// Acceptance: the queue is transport, PostgreSQL is the truth. A run of two emails per customer is
// interrupted twice: a worker process (the built engine, RETAIN_ROLES=worker) is killed with
// SIGKILL in the middle and started again, and Redis is emptied (FLUSHALL: every database of the
// test Redis, as after a Redis restart without persistence) in the middle. Every enrollment still finishes, and no address receives an email twice (counted
// at the SMTP server in this process).
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { startSmtpTestServer, type SmtpTestServer } from '../../channels/testing/smtp-test-server';
import { BUILT_MAIN, startEngineProcess, type EngineProcess } from '../../testing/engine-process';
import { startTestApp, type TestApp } from '../../testing/test-app';
import { ACCEPTANCE_REDIS_URL, emailsByAddress, waitUntil } from './acceptance-helpers';
import { chainFlow, emailStep, publishFlow } from './flow-fixtures';

jest.setTimeout(180_000);

const CUSTOMERS = 200;
const SUBJECTS = ['Hello from the shop', 'A second hello'];

describe('Acceptance: no enrollment lost, no email twice, across a killed worker and an emptied Redis', () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'retain-worker-'));
  let smtp: SmtpTestServer;
  let t: TestApp;
  let marketer: string;
  let prefix: string;
  const workers: EngineProcess[] = [];

  beforeAll(async () => {
    expect(existsSync(BUILT_MAIN)).toBe(true); // `npm run build` first
    smtp = await startSmtpTestServer();
  });
  afterAll(async () => {
    for (const worker of workers) await worker.stop('SIGKILL');
    await t?.close();
    await smtp?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  /** This process serves the API and runs the reconciler; step work happens only in the workers. */
  async function startApi() {
    prefix = `acceptance-${randomUUID().slice(0, 8)}`;
    t = await startTestApp({ RETAIN_ROLES: 'api,scheduler', REDIS_URL: ACCEPTANCE_REDIS_URL, RETAIN_QUEUE_PREFIX: prefix, RETAIN_RECONCILE_INTERVAL_MS: '500', SMTP_URL: smtp.url });
    marketer = await t.tokenFor('marketer');
  }

  function startWorker(): EngineProcess {
    const worker = startEngineProcess({
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: process.env.DATABASE_URL,
      REDIS_URL: ACCEPTANCE_REDIS_URL,
      RETAIN_QUEUE_PREFIX: prefix,
      RETAIN_ROLES: 'worker',
      SMTP_URL: smtp.url,
      JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
      RETAIN_HOME: home,
      RETAIN_DELIVERY_UNKNOWN_AFTER_SECONDS: '1',
      LOG_LEVEL: 'log',
    });
    workers.push(worker);
    return worker;
  }

  /** Customers with an address and consent, enrolled into "email → email → exit" through the API. */
  async function startRun(name: string): Promise<{ flowId: number; emails: Map<number, string> }> {
    const run = randomUUID().slice(0, 8);
    const rows = await t.prisma.$queryRawUnsafe<{ id: number; email: string }[]>(
      `INSERT INTO customers (external_id, email, name, email_consent)
       SELECT '${run}-' || n, '${run}-' || n || '@crash.test', 'Customer ' || n, true FROM generate_series(1, ${CUSTOMERS}) AS n
       RETURNING id, email`,
    );
    const flowId = await publishFlow(t, marketer, `${name} ${run}`, chainFlow({ kind: 'manual' }, [emailStep('hello', SUBJECTS[0]), emailStep('again', SUBJECTS[1])]));
    const enrolled = await t.request('POST', `/api/flows/${flowId}/enrollments`, { auth: marketer, body: { customerIds: rows.map((r) => r.id) } });
    expect(enrolled.body.enrolled).toBe(CUSTOMERS);
    return { flowId, emails: new Map(rows.map((r) => [r.id, r.email])) };
  }

  const finished = (flowId: number) => t.prisma.enrollment.count({ where: { flowId, status: { in: ['completed', 'exited', 'failed'] } } });

  /** Everything finished, no address got a subject twice, and every delivery recorded as sent arrived once. */
  async function expectExactlyOnce(flowId: number, emails: Map<number, string>) {
    await waitUntil('every enrollment finished', () => finished(flowId), (n) => n === CUSTOMERS, 120_000, 250);
    const statuses = await t.prisma.$queryRaw<{ status: string; n: number }[]>`SELECT status, count(*)::int AS n FROM enrollments WHERE flow_id = ${flowId} GROUP BY status`;
    expect(statuses).toEqual([{ status: 'exited', n: CUSTOMERS }]);

    const addresses = new Set(emails.values());
    const received = [...emailsByAddress(smtp.messages)].filter(([address]) => addresses.has(address));
    for (const [address, messages] of received) {
      const subjects = messages.map((m) => m.subject).sort();
      expect({ address, subjects: [...new Set(subjects)] }).toEqual({ address, subjects });
    }
    const deliveries = await t.prisma.$queryRaw<{ id: number; status: string }[]>`SELECT id, status FROM deliveries WHERE flow_id = ${flowId}`;
    const byDeliveryHeader = new Map<string, number>();
    for (const [, messages] of received) for (const m of messages) byDeliveryHeader.set(m.headers.get('x-retain-delivery')!, (byDeliveryHeader.get(m.headers.get('x-retain-delivery')!) ?? 0) + 1);
    const sent = deliveries.filter((d) => d.status === 'sent');
    for (const delivery of sent) expect({ delivery: delivery.id, received: byDeliveryHeader.get(String(delivery.id)) ?? 0 }).toEqual({ delivery: delivery.id, received: 1 });
    // one delivery per (enrollment, node), ever; the only ones not known as sent were in flight at the interruption
    expect(deliveries).toHaveLength(2 * CUSTOMERS);
    const uncertain = deliveries.filter((d) => d.status !== 'sent');
    const total = received.reduce((sum, [, messages]) => sum + messages.length, 0);
    console.log(`${total} emails received for ${2 * CUSTOMERS} sends; ${uncertain.length} interrupted mid-send (${uncertain.map((d) => d.status).join(', ') || 'none'})`);
    expect(uncertain.every((d) => d.status === 'unknown' || d.status === 'sending')).toBe(true);
    expect(uncertain.length).toBeLessThan(CUSTOMERS / 2);
    expect(total).toBeGreaterThanOrEqual(2 * CUSTOMERS - uncertain.length);
    expect(total).toBeLessThanOrEqual(2 * CUSTOMERS);
  }

  it('SIGKILL of a worker in the middle of a run, then a new worker: every enrollment finishes, no email twice', async () => {
    await startApi();
    const { flowId, emails } = await startRun('Crash');
    const first = startWorker();
    await first.waitFor(/Retain is running as worker/, 60_000);
    await smtp.waitFor(CUSTOMERS / 2, 60_000);
    await first.stop('SIGKILL');
    const atKill = smtp.messages.length;
    expect(await finished(flowId)).toBeLessThan(CUSTOMERS);

    const second = startWorker();
    await second.waitFor(/Retain is running as worker/, 60_000);
    await expectExactlyOnce(flowId, emails);
    console.log(`killed after ${atKill} emails; the second worker finished the run`);
    await second.stop('SIGTERM');
    await t.close();
  });

  it("FLUSHALL on Redis in the middle of a run: the reconciler re-enqueues, the run finishes, no email twice", async () => {
    smtp.clear();
    await startApi();
    const { flowId, emails } = await startRun('Flush');
    const worker = startWorker();
    await worker.waitFor(/Retain is running as worker/, 60_000);
    await smtp.waitFor(CUSTOMERS / 2, 60_000);
    const redis = new Redis(ACCEPTANCE_REDIS_URL);
    try {
      expect(await redis.dbsize()).toBeGreaterThan(0);
      await redis.flushall();
    } finally {
      redis.disconnect();
    }
    expect(await finished(flowId)).toBeLessThan(CUSTOMERS);
    await expectExactlyOnce(flowId, emails);
    await worker.stop('SIGTERM');
  });
});
