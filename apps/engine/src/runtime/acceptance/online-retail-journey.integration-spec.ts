// Acceptance: the example journey over the real Online Retail customers, end to end through
// the public paths — CSV import, churn training, the At Risk RFM segment, a published flow, facts
// refresh → segment entries → segment-entered trigger → enrollments → BullMQ step jobs on Redis →
// email over SMTP (a real server in this process) and offers → wait moved with the test clock →
// purchase events tracked through /v1/track → goal reached or missed.
import { assignVariant, exampleRetentionFlow, passesRiskThreshold, type FlowDefinition } from '@retain/rules';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { FactsPipeline } from '../../analytics/facts-pipeline.service';
import { startSmtpTestServer, type SmtpTestServer } from '../../channels/testing/smtp-test-server';
import { ImportService } from '../../imports/import.service';
import { SegmentRefreshQueue } from '../../segments/refresh-queue';
import { waitForRun } from '../../testing/models-testing';
import { startTestApp, type TestApp } from '../../testing/test-app';
import { Clock, TestClock } from '../clock';
import { SegmentEnteredTrigger } from '../triggers/segment-entered.trigger';
import { EventTrigger } from '../triggers/event.trigger';
import { ACCEPTANCE_REDIS_URL, emailsByAddress, waitUntil } from './acceptance-helpers';

const ONLINE_RETAIL = path.join(__dirname, '..', '..', '..', '..', '..', '..', 'shared', 'data', 'online_retail.csv.gz');
const DAY = 86_400_000;

jest.setTimeout(240_000);

interface Member {
  customerId: number;
  externalId: string;
  email: string;
  score: number;
}

describe('Acceptance: "At Risk entered → churn ≥ 0.6 → A/B (email | 15 % offer + email) → wait 3 days → purchase within 7 days" on Online Retail', () => {
  let t: TestApp;
  let smtp: SmtpTestServer;
  const clock = new TestClock('2011-12-12T09:00:00Z');
  let admin: string;
  let flowId: number;
  let members: Member[];
  const split = exampleRetentionFlow.nodes.find((n) => n.id === 'split')!;
  const variants = (split.data as { variants: { id: string; weight: number }[] }).variants;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    t = await startTestApp({ SMTP_URL: smtp.url, REDIS_URL: ACCEPTANCE_REDIS_URL, RETAIN_QUEUE_PREFIX: `acceptance-${randomUUID().slice(0, 8)}`, RETAIN_RECONCILE_INTERVAL_MS: '300' });
    t.app.get(Clock).use(clock);
    await t.reset();
    admin = await t.tokenFor('admin');
    const report = await t.app.get(ImportService).run({ kind: 'transactions', filePath: ONLINE_RETAIL, mode: 'skip-and-report', preset: 'online-retail', actor: { userId: null, label: 'test' } });
    expect(report.status).toBe('succeeded');
    // The data set has no email addresses or consent: every customer gets both.
    await t.prisma.$executeRawUnsafe(`UPDATE customers SET email = 'c' || external_id || '@retail.test', name = 'Customer ' || external_id, email_consent = true`);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  it('runs for every At Risk customer exactly as drawn', async () => {
    // churn model (scores every customer), then the At Risk segment (empty: no RFM facts yet)
    const queued = await t.request('POST', '/api/models/train', { auth: admin, body: { population: 'transactions' } });
    expect(queued.status).toBe(202);
    expect((await waitForRun(t, queued.body.id)).status).toBe('succeeded');
    const segment = await t.request('POST', '/api/segments', { auth: admin, body: { kind: 'rfm', name: 'At Risk', definition: { segments: ['At Risk'] } } });
    expect(segment.status).toBe(201);
    await t.app.get(SegmentRefreshQueue).whenIdle();

    // the example flow, on this segment, published
    const definition: FlowDefinition = structuredClone(exampleRetentionFlow);
    const trigger = definition.nodes.find((n) => n.type === 'trigger')!;
    (trigger.data as { source: { kind: 'segment-entered'; segmentId: string } }).source = { kind: 'segment-entered', segmentId: String(segment.body.id) };
    const created = await t.request('POST', '/api/flows', { auth: admin, body: { name: 'Win back At Risk', definition } });
    expect(created.status).toBe(201);
    flowId = created.body.id;
    const published = await t.request('POST', `/api/flows/${flowId}/publish`, { auth: admin, body: {} });
    expect(published.status).toBe(200);

    // facts → RFM → At Risk members enter → the trigger enrolls them
    await t.app.get(FactsPipeline).refreshAll();
    await t.app.get(SegmentRefreshQueue).whenIdle();
    await t.app.get(SegmentEnteredTrigger).flush();
    members = await t.prisma.$queryRaw<Member[]>`
      SELECT c.id AS "customerId", c.external_id AS "externalId", c.email, s.score
        FROM segment_memberships m JOIN customers c ON c.id = m.customer_id
        JOIN customer_scores s ON s.customer_id = c.id AND s.model_version_id IN (SELECT id FROM model_versions WHERE kind = 'churn' AND status = 'active')
       WHERE m.segment_id = ${segment.body.id} ORDER BY c.id`;
    const atRisk = members.filter((m) => passesRiskThreshold(m.score, 'gte', 0.6));
    const arms = new Map(atRisk.map((m) => [m.customerId, assignVariant('win-back-offer-2024', String(m.customerId), variants).id]));
    console.log(`At Risk: ${members.length} customers, ${atRisk.length} with churn risk ≥ 0.6 (A ${[...arms.values()].filter((a) => a === 'A').length}, B ${[...arms.values()].filter((a) => a === 'B').length})`);
    expect(members.length).toBeGreaterThan(100);
    expect(atRisk.length).toBeGreaterThan(20);
    expect(atRisk.length).toBeLessThan(members.length);

    // every enrollment reaches the 3-day wait (or exits under the threshold); each email arrives once
    await waitUntil('every enrollment at the wait or exited', () => statusCounts(), (c) => c.atWait + c.exited === members.length, 120_000, 250);
    await smtp.waitFor(atRisk.length, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 500)); // nothing more may arrive
    const byAddress = emailsByAddress(smtp.messages);
    expect(smtp.messages).toHaveLength(atRisk.length);
    const offers = new Map((await t.prisma.$queryRaw<{ customerId: number; code: string }[]>`SELECT customer_id AS "customerId", code FROM offers WHERE flow_id = ${flowId}`).map((o) => [o.customerId, o.code]));
    for (const member of members) {
      const received = byAddress.get(member.email) ?? [];
      const arm = arms.get(member.customerId);
      if (!arm) {
        expect(received).toHaveLength(0);
        expect(offers.has(member.customerId)).toBe(false);
      } else if (arm === 'A') {
        expect(received.map((m) => m.subject)).toEqual(['We miss you']);
        expect(offers.has(member.customerId)).toBe(false);
      } else {
        expect(received.map((m) => m.subject)).toEqual(['15 % off, just for you']);
        const code = offers.get(member.customerId)!;
        expect(code).toMatch(/^COMEBACK/);
        expect(received[0].html).toContain(code);
      }
    }
    // the arm recorded is the one assignVariant gives, on the enrollment and its outcome rows
    const recorded = await t.prisma.$queryRaw<{ customerId: number; arm: string }[]>`
      SELECT customer_id AS "customerId", variants->>'win-back-offer-2024' AS arm FROM enrollments WHERE flow_id = ${flowId} AND variants ? 'win-back-offer-2024'`;
    expect(new Map(recorded.map((r) => [r.customerId, r.arm]))).toEqual(arms);

    // three days later the wait ends: everyone who was emailed is at the goal
    clock.advance(3 * DAY + 1000);
    await waitUntil('every emailed customer at the goal', () => statusCounts(), (c) => c.atGoal === atRisk.length, 60_000, 250);

    // a third of them buy the next day (tracked through /v1/track); the others never do
    clock.advance(DAY);
    const buyers = atRisk.filter((_, i) => i % 3 === 0);
    const writeKey = await t.apiKey(['ingest']);
    const track = await t.request('POST', '/v1/batch', {
      auth: writeKey,
      body: { batch: buyers.map((m) => ({ type: 'track', userId: m.externalId, event: 'purchase', properties: { revenue: 42 }, timestamp: clock.now().toISOString() })) },
    });
    expect(track.status).toBe(200);
    // the goals are reached by the event dispatcher (off the track call): before the deadline passes
    await t.app.get(EventTrigger).drain();
    clock.advance(7 * DAY);
    await waitUntil('every goal decided', () => statusCounts(), (c) => c.atGoal === 0 && c.completed === atRisk.length, 60_000, 250);
    const goals = await t.prisma.$queryRaw<{ customerId: number; kind: string }[]>`
      SELECT customer_id AS "customerId", kind FROM flow_outcomes WHERE flow_id = ${flowId} AND kind IN ('goal-reached', 'goal-missed')`;
    const buyerIds = new Set(buyers.map((m) => m.customerId));
    expect(goals).toHaveLength(atRisk.length);
    for (const goal of goals) expect(goal.kind).toBe(buyerIds.has(goal.customerId) ? 'goal-reached' : 'goal-missed');
    expect(smtp.messages).toHaveLength(atRisk.length);
  });

  async function statusCounts() {
    const [row] = await t.prisma.$queryRaw<{ atWait: number; atGoal: number; exited: number; completed: number; total: number }[]>`
      SELECT count(*) FILTER (WHERE status = 'waiting' AND current_node_id = 'wait-3-days')::int AS "atWait",
             count(*) FILTER (WHERE status = 'waiting' AND current_node_id = 'goal-purchase')::int AS "atGoal",
             count(*) FILTER (WHERE status = 'exited')::int AS exited,
             count(*) FILTER (WHERE status = 'completed')::int AS completed,
             count(*)::int AS total
        FROM enrollments WHERE flow_id = ${flowId}`;
    return row;
  }
});
