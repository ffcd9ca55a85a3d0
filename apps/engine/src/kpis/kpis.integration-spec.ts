import { exampleRetentionFlow, type FlowDefinition } from '@retain/rules';
import { startTestApp, type TestApp } from '../testing/test-app';

jest.setTimeout(60_000);

// Scenarios with known outcomes; every expected number is counted by hand from the rows inserted.
describe('KPIs API: funnel, email engagement, before/after a flow, segment health', () => {
  let t: TestApp;
  let analyst: string;
  let flowId: number;
  let versionId: number;
  let customers: number[];

  const outcome = (enrollmentId: number, nodeId: string, kind: string, variant: string | null = null, at = new Date('2026-01-10T00:00:00Z')) =>
    t.prisma.$executeRaw`INSERT INTO flow_outcomes (enrollment_id, flow_id, flow_version_id, node_id, customer_id, kind, variant_id, experiment_key, occurred_at)
      VALUES (${enrollmentId}, ${flowId}, ${versionId}, ${nodeId}, ${customers[0]}, ${kind}, ${variant}, ${variant ? 'win-back-offer-2024' : null}, ${at})`;

  beforeAll(async () => {
    t = await startTestApp();
    await t.reset();
    const marketer = await t.tokenFor('marketer');
    analyst = await t.tokenFor('analyst');
    await t.prisma.customer.createMany({ data: ['c1', 'c2', 'c3'].map((externalId) => ({ externalId })) });
    customers = (await t.prisma.customer.findMany({ orderBy: { id: 'asc' } })).map((c) => c.id);
    const segment = await t.prisma.segment.create({ data: { name: 'At Risk', kind: 'manual', definition: {} } });
    await t.prisma.modelVersion.create({ data: { kind: 'churn', algorithm: 'forest', version: 1, status: 'retired', activatedAt: new Date('2026-01-01T00:00:00Z'), featureNames: [], artifact: {} } });
    await t.prisma.modelVersion.create({ data: { kind: 'churn', algorithm: 'forest', version: 2, status: 'active', activatedAt: new Date('2026-01-20T00:00:00Z'), featureNames: [], artifact: {} } });
    const definition: FlowDefinition = structuredClone(exampleRetentionFlow);
    const trigger = definition.nodes.find((node) => node.id === 'trigger')!;
    if (trigger.type !== 'trigger' || trigger.data.source.kind !== 'segment-entered') throw new Error('the example flow changed');
    trigger.data.source.segmentId = String(segment.id);
    flowId = (await t.request('POST', '/api/flows', { auth: marketer, body: { name: 'Win back', definition } })).body.id;
    expect((await t.request('POST', `/api/flows/${flowId}/publish`, { auth: marketer, body: {} })).status).toBe(200);
    versionId = (await t.prisma.flowVersion.findFirstOrThrow({ where: { flowId } })).id;
  });
  afterAll(() => t.close());

  it('counts the funnel per node and per arm, in canvas order', async () => {
    for (let e = 1; e <= 10; e++) await outcome(e, 'trigger', 'entered');
    for (let e = 1; e <= 2; e++) await outcome(e, 'exit-low-risk', 'entered');
    for (let e = 3; e <= 10; e++) await outcome(e, 'split', 'entered', e <= 6 ? 'A' : 'B');
    for (let e = 3; e <= 6; e++) await outcome(e, 'email-miss-you', 'entered', 'A');
    for (const e of [3, 4, 5]) await outcome(e, 'email-miss-you', 'sent', 'A');
    await outcome(6, 'email-miss-you', 'failed', 'A');
    await outcome(6, 'email-miss-you', 'failed', 'A'); // a retry's second record: still one enrollment
    for (let e = 7; e <= 10; e++) await outcome(e, 'offer-15', 'sent', 'B');
    await outcome(3, 'goal-purchase', 'goal-reached', 'A');
    for (const e of [7, 8]) await outcome(e, 'goal-purchase', 'goal-reached', 'B');

    const response = await t.request('GET', `/api/kpis/flows/${flowId}/funnel`, { auth: analyst });
    expect(response.status).toBe(200);
    const funnel = response.body;
    expect(funnel).toMatchObject({ flowId, version: 1, entries: 10, goalReached: 3, goalRate: 0.3 });
    expect(funnel.nodes.map((n: { nodeId: string; depth: number }) => [n.nodeId, n.depth])).toEqual([
      ['trigger', 0],
      ['risk', 1],
      ['split', 2],
      ['exit-low-risk', 2],
      ['email-miss-you', 3],
      ['offer-15', 3],
      ['email-offer-code', 4],
      ['wait-3-days', 4],
      ['goal-purchase', 5],
    ]);
    const node = (id: string) => funnel.nodes.find((n: { nodeId: string }) => n.nodeId === id);
    expect(node('split')).toMatchObject({ entered: 8, byArm: [{ variantId: 'A', entered: 4 }, { variantId: 'B', entered: 4 }] });
    expect(node('email-miss-you')).toMatchObject({ entered: 4, outcomes: { entered: 4, sent: 3, failed: 1 } });
    expect(node('goal-purchase')).toMatchObject({ outcomes: { 'goal-reached': 3 }, byArm: [{ variantId: 'A', outcomes: { 'goal-reached': 1 } }, { variantId: 'B', outcomes: { 'goal-reached': 2 } }] });
    expect(node('risk')).toMatchObject({ entered: 0, outcomes: {}, byArm: [] });
    expect((await t.request('GET', '/api/kpis/flows/424242/funnel', { auth: analyst })).status).toBe(404);
  });

  it('gives email engagement as opened or clicked over sent, per month of sending', async () => {
    const delivery = (enrollmentId: number, sentAt: string, status = 'sent') =>
      t.prisma.$executeRaw`INSERT INTO deliveries (enrollment_id, node_id, customer_id, flow_id, flow_version_id, channel, status, created_at, sent_at)
        VALUES (${enrollmentId}, 'email-miss-you', ${customers[0]}, ${flowId}, ${versionId}, 'email', ${status}, ${new Date(sentAt)}, ${new Date(sentAt)})`;
    // January: 4 sent (and one failed, not counted); February: 2 sent; March: none; April: 1 sent
    for (const e of [101, 102, 103, 104]) await delivery(e, '2026-01-15T10:00:00Z');
    await delivery(105, '2026-01-16T10:00:00Z', 'failed');
    for (const e of [106, 107]) await delivery(e, '2026-02-03T10:00:00Z');
    await delivery(108, '2026-04-01T10:00:00Z');
    await outcome(101, 'email-miss-you', 'email_opened');
    await outcome(101, 'email-miss-you', 'email_clicked'); // opened and clicked: one engaged email
    await outcome(102, 'email-miss-you', 'email_clicked');
    await outcome(106, 'email-miss-you', 'email_opened', null, new Date('2026-03-01T00:00:00Z')); // counted in the month it was sent
    await outcome(105, 'email-miss-you', 'email_opened'); // a failed delivery does not count

    const { series } = (await t.request('GET', '/api/kpis', { auth: analyst })).body;
    expect(series.emailEngagement).toEqual({
      unit: 'share',
      reason: null,
      points: [
        { month: '2026-01', value: 0.5, numerator: 2, denominator: 4 },
        { month: '2026-02', value: 0.5, numerator: 1, denominator: 2 },
        { month: '2026-03', value: null, numerator: 0, denominator: 0 },
        { month: '2026-04', value: 0, numerator: 0, denominator: 1 },
      ],
    });
  });

  it('compares each KPI before and after the month the flow was published', async () => {
    const published = (await t.prisma.flowVersion.findFirstOrThrow({ where: { flowId } })).publishedAt!;
    const monthStart = (offset: number) => new Date(Date.UTC(published.getUTCFullYear(), published.getUTCMonth() + offset, 1, 12));
    const buy = (customer: number, offset: number, amount: number) =>
      t.prisma.transaction.create({ data: { customerId: customers[customer], invoice: `i-${customer}-${offset}`, lineKey: `l-${customer}-${offset}`, amount, occurredAt: monthStart(offset) } });
    await buy(0, -2, 10);
    await buy(0, 0, 20);
    await buy(1, -1, 5);
    await buy(1, 0, 7);
    await buy(2, 0, 4);

    const response = await t.request('GET', `/api/kpis?flowId=${flowId}`, { auth: analyst });
    expect(response.status).toBe(200);
    const { comparison, series } = response.body;
    expect(comparison).toMatchObject({ flowId, flowName: 'Win back', publishedMonth: published.toISOString().slice(0, 7) });
    // returning revenue: month −2: 0 of 10; month −1: 0 of 5 (customer 2 is new); month 0: 20 + 7 of 31
    expect(series.returningCustomerRevenue.points.map((p: { numerator: number; denominator: number }) => [p.numerator, p.denominator])).toEqual([
      [0, 10],
      [0, 5],
      [27, 31],
    ]);
    expect(comparison.kpis.returningCustomerRevenue).toEqual({ before: { months: 2, mean: 0, numerator: 0, denominator: 15 }, after: { months: 1, mean: 27, numerator: 27, denominator: 31 } });
    // only three months of data: no churn month (needs 3 before it) and no retention month (needs 6 after it)
    expect(series.monthlyChurn.points).toEqual([]);
    expect(series.monthlyChurn.reason).toBe('Churn needs 3 months of purchase history.');
    expect(comparison.kpis.customerRetention).toEqual({ before: { months: 0, mean: null, numerator: 0, denominator: 0 }, after: { months: 0, mean: null, numerator: 0, denominator: 0 } });
    expect((await t.request('GET', '/api/kpis?flowId=999999', { auth: analyst })).status).toBe(404);
    expect((await t.request('GET', '/api/kpis?flowId=abc', { auth: analyst })).status).toBe(400);
  });

  it('rebuilds segment size, churn and mean risk per week from the membership history', async () => {
    const segment = await t.prisma.segment.create({ data: { name: 'Lapsed', kind: 'manual', definition: {} } });
    const [c1, c2, c3] = customers;
    const event = (customerId: number, kind: string, at: string) => ({ segmentId: segment.id, customerId, kind, at: new Date(at), reason: 'test' });
    await t.prisma.segmentMembershipEvent.createMany({
      data: [
        event(c1, 'entered', '2026-01-06T10:00:00Z'), // week of Monday 5 January
        event(c2, 'entered', '2026-01-07T10:00:00Z'),
        event(c3, 'entered', '2026-01-12T00:00:00Z'), // week of 12 January
        event(c1, 'exited', '2026-01-15T10:00:00Z'),
        event(c2, 'exited', '2026-01-21T10:00:00Z'), // week of 19 January
        event(c1, 'entered', '2026-01-22T10:00:00Z'),
      ],
    });
    const [v1, v2] = await t.prisma.modelVersion.findMany({ orderBy: { version: 'asc' } });
    await t.prisma.customerScore.createMany({
      data: [
        { customerId: c1, modelVersionId: v1.id, score: 0.2 },
        { customerId: c2, modelVersionId: v1.id, score: 0.4 },
        { customerId: c3, modelVersionId: v1.id, score: 0.9 },
        { customerId: c1, modelVersionId: v2.id, score: 0.6 },
        { customerId: c3, modelVersionId: v2.id, score: 0.8 },
      ],
    });
    const response = await t.request('GET', `/api/kpis/segments/health?segmentId=${segment.id}&weeks=5`, { auth: analyst });
    expect(response.status).toBe(200);
    const [lapsed] = response.body.segments;
    expect(lapsed.name).toBe('Lapsed');
    const rounded = lapsed.weeks.map((w: { meanRisk: number | null }) => ({ ...w, meanRisk: w.meanRisk === null ? null : Math.round(w.meanRisk * 1e9) / 1e9 }));
    expect(rounded).toEqual([
      // end of week 1 (12 Jan): c1, c2; model 1 → (0.2 + 0.4) / 2
      { week: '2026-01-05', size: 2, startSize: 0, entered: 2, exited: 0, churnRate: null, meanRisk: 0.3, scored: 2 },
      // end of week 2: c2, c3; model 1 → (0.4 + 0.9) / 2; c1 left: 1 of 2
      { week: '2026-01-12', size: 2, startSize: 2, entered: 1, exited: 1, churnRate: 0.5, meanRisk: 0.65, scored: 2 },
      // end of week 3: c3, c1; model 2 (activated 20 January) → (0.8 + 0.6) / 2
      { week: '2026-01-19', size: 2, startSize: 2, entered: 1, exited: 1, churnRate: 0.5, meanRisk: 0.7, scored: 2 },
    ]);
    expect((await t.request('GET', '/api/kpis/segments/health?weeks=0', { auth: analyst })).status).toBe(400);
  });
});
