import { exampleRetentionFlow, type FlowDefinition } from '@retain/rules';
import { startTestApp, type TestApp } from '../testing/test-app';
import { ExperimentAutoPromoter } from './auto-promoter';

jest.setTimeout(60_000);

// A scenario with known outcomes written into flow_outcomes (and transactions, events, offers), on
// flows created through the flows API. Reference statistics: mpmath 1.3.0 at 40 digits, from the
// formulas of libs/experiments/README.md (Wilson, Newcombe method 10, log-ratio delta method,
// pooled z-test, P(beat) = ∫ f_B(x) F_A(x) dx by mp.quad).
const DAY = 86_400_000;
const T0 = Date.parse('2026-01-10T00:00:00Z');
const at = (ms: number) => new Date(ms);
const close = (actual: number, expected: number, tolerance = 1e-6) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance);

describe('experiments API', () => {
  let t: TestApp;
  let marketer: string;
  let analyst: string;
  let flowId: number;
  let otherFlowId: number;
  let customers: Record<string, number>;

  const insertOutcome = (o: { flowId: number; versionId: number; nodeId: string; customer: string; kind: string; variant?: string; key?: string; ms: number }) =>
    t.prisma.$executeRaw`INSERT INTO flow_outcomes (enrollment_id, flow_id, flow_version_id, node_id, customer_id, kind, variant_id, experiment_key, occurred_at)
      VALUES (${customers[o.customer]}, ${o.flowId}, ${o.versionId}, ${o.nodeId}, ${customers[o.customer]}, ${o.kind}, ${o.variant ?? null}, ${o.key ?? null}, ${at(o.ms)})`;
  let lineKey = 0;
  const purchase = (customer: string, ms: number, amount = 12.5, cancellation = false) =>
    t.prisma.transaction.create({ data: { customerId: customers[customer], invoice: `inv-${++lineKey}`, lineKey: `line-${lineKey}`, amount, occurredAt: at(ms), isCancellation: cancellation } });
  const event = (customer: string, name: string, ms: number) => t.prisma.event.create({ data: { customerId: customers[customer], name, occurredAt: at(ms) } });

  beforeAll(async () => {
    t = await startTestApp({ RETAIN_EXPERIMENT_MIN_EXPOSURES: '20', RETAIN_EXPERIMENT_MIN_CONVERSIONS: '4' });
    await t.reset();
    [marketer, analyst] = await Promise.all([t.tokenFor('marketer'), t.tokenFor('analyst')]);
    const segment = await t.prisma.segment.create({ data: { name: 'At Risk', kind: 'manual', definition: {} } });
    await t.prisma.modelVersion.create({ data: { kind: 'churn', algorithm: 'forest', version: 1, status: 'active', activatedAt: new Date(), featureNames: [], artifact: {} } });
    const definition: FlowDefinition = structuredClone(exampleRetentionFlow);
    const trigger = definition.nodes.find((node) => node.id === 'trigger')!;
    if (trigger.type !== 'trigger' || trigger.data.source.kind !== 'segment-entered') throw new Error('the example flow changed');
    trigger.data.source.segmentId = String(segment.id);

    const created = await t.request('POST', '/api/flows', { auth: marketer, body: { name: 'Win back', definition } });
    expect(created.status).toBe(201);
    flowId = created.body.id;
    expect((await t.request('POST', `/api/flows/${flowId}/publish`, { auth: marketer, body: {} })).status).toBe(200);
    const other = await t.request('POST', '/api/flows', { auth: marketer, body: { name: 'Another journey', definition } });
    otherFlowId = other.body.id;
    const [version] = await t.prisma.flowVersion.findMany({ where: { flowId } });
    const [otherVersion] = await t.prisma.flowVersion.findMany({ where: { flowId: otherFlowId } });

    const names = [...Array.from({ length: 20 }, (_, i) => `a${i + 1}`), ...Array.from({ length: 20 }, (_, i) => `b${i + 1}`)];
    await t.prisma.customer.createMany({ data: names.map((name) => ({ externalId: name })) });
    customers = Object.fromEntries((await t.prisma.customer.findMany({ where: { externalId: { in: names } } })).map((c) => [c.externalId!, c.id]));

    // Exposures: 20 per arm at the split, one hour apart. Later nodes carry the arm too, but are not exposures.
    const exposureAt: Record<string, number> = {};
    for (const [index, name] of names.entries()) {
      exposureAt[name] = T0 + index * 3_600_000;
      const arm = name.startsWith('a') ? 'A' : 'B';
      await insertOutcome({ flowId, versionId: version.id, nodeId: 'trigger', customer: name, kind: 'entered', ms: exposureAt[name] - 1000 });
      await insertOutcome({ flowId, versionId: version.id, nodeId: 'split', customer: name, kind: 'entered', variant: arm, key: 'win-back-offer-2024', ms: exposureAt[name] });
      await insertOutcome({ flowId, versionId: version.id, nodeId: arm === 'A' ? 'email-miss-you' : 'offer-15', customer: name, kind: 'entered', variant: arm, key: 'win-back-offer-2024', ms: exposureAt[name] + 1000 });
    }
    const after = (name: string, days: number) => exposureAt[name] + days * DAY;

    // Arm A: 4 conversions of 20.
    await insertOutcome({ flowId, versionId: version.id, nodeId: 'goal-purchase', customer: 'a1', kind: 'goal-reached', variant: 'A', key: 'win-back-offer-2024', ms: after('a1', 2) });
    await purchase('a2', after('a2', 1));
    await purchase('a2', after('a2', 3)); // a second conversion of the same exposure counts once
    await event('a3', 'purchase', after('a3', 6)); // the flow's goal event
    const offerVersion = version.id;
    await t.prisma.$executeRaw`INSERT INTO offers (code, enrollment_id, node_id, customer_id, flow_id, flow_version_id, kind, value, issued_at, expires_at, redeemed_at, redemption_source)
      VALUES ('COMEBACK-A4', ${customers.a4}, 'offer-15', ${customers.a4}, ${flowId}, ${offerVersion}, 'percent', 15, ${at(after('a4', 0.5))}, ${at(after('a4', 14))}, ${at(after('a4', 5))}, 'api')`;
    // Not conversions: before exposure, a cancellation, an event that is no goal, and a purchase whose last touch is another flow's split.
    await purchase('a6', after('a6', -1));
    await purchase('a7', after('a7', 1), -30, true);
    await event('a9', 'page-view', after('a9', 1));
    await insertOutcome({ flowId: otherFlowId, versionId: otherVersion.id, nodeId: 'split', customer: 'a8', kind: 'entered', variant: 'B', key: 'win-back-offer-2024', ms: after('a8', 1) });
    await purchase('a8', after('a8', 2));

    // Arm B: 10 conversions of 20 within 7 days, and one more (b11) after 8 days.
    for (const name of ['b1', 'b2', 'b3', 'b4', 'b5']) await purchase(name, after(name, 1));
    for (const name of ['b6', 'b7', 'b8']) await insertOutcome({ flowId, versionId: version.id, nodeId: 'goal-purchase', customer: name, kind: 'goal-reached', variant: 'B', key: 'win-back-offer-2024', ms: after(name, 4) });
    await insertOutcome({ flowId, versionId: version.id, nodeId: 'email-offer-code', customer: 'b9', kind: 'converted', variant: 'B', key: 'win-back-offer-2024', ms: after('b9', 6.9) });
    await event('b10', 'purchase', after('b10', 0.1));
    await purchase('b11', after('b11', 8));
  });
  afterAll(() => t.close());

  it('gives exposures, attributed conversions and the statistics of each arm', async () => {
    const response = await t.request('GET', `/api/flows/${flowId}/experiments`, { auth: analyst });
    expect(response.status).toBe(200);
    expect(response.body.attribution).toMatchObject({ model: 'last-touch', windowDays: 7 });
    expect(response.body.experiments).toHaveLength(1);
    const [experiment] = response.body.experiments;
    expect(experiment).toMatchObject({ nodeId: 'split', experimentKey: 'win-back-offer-2024', controlId: 'A', versions: [1], decision: null });
    const [a, b] = experiment.arms;
    expect(a).toMatchObject({ id: 'A', label: 'Email only', weight: 50, isControl: true, exposures: 20, conversions: 4, rate: 0.2, absoluteLift: null });
    expect(b).toMatchObject({ id: 'B', label: '15 % offer', weight: 50, isControl: false, exposures: 20, conversions: 10, rate: 0.5 });
    close(a.rateInterval.lower, 0.080657662579798041);
    close(a.rateInterval.upper, 0.41601743225189359);
    close(b.absoluteLift.estimate, 0.3, 1e-12);
    close(b.absoluteLift.lower, 0.0051359286893259283);
    close(b.absoluteLift.upper, 0.53350349679206559);
    close(b.relativeLift.estimate, 1.5, 1e-12);
    close(b.relativeLift.lower, -0.061705356467058811);
    close(b.relativeLift.upper, 5.6610206538822451);
    close(b.zTest.z, 1.9889806323953876);
    close(b.zTest.pValue, 0.046703340749330643);
    close(b.probabilityToBeatControl, 0.9741856842327555);
    close(a.probabilityToBeBest + b.probabilityToBeBest, 1, 1e-12);
    expect(experiment.sampleRatio).toMatchObject({ chiSquare: 0, degreesOfFreedom: 1, pValue: 1, mismatch: false });
    expect(experiment.sample).toMatchObject({ reached: true, message: 'Minimum sample reached.' });
    expect(experiment.promotable).toEqual(['B']);
  });

  it('takes the attribution window and the minimum sample from the query', async () => {
    const wider = (await t.request('GET', `/api/flows/${flowId}/experiments?windowDays=10&minExposures=400&minConversions=20`, { auth: analyst })).body.experiments[0];
    expect(wider.arms.map((arm: { conversions: number }) => arm.conversions)).toEqual([4, 11]);
    close(wider.arms[1].zTest.pValue, 0.022243120591349978);
    close(wider.arms[1].probabilityToBeatControl, 0.98765602738852149);
    expect(wider.sample).toMatchObject({ reached: false, message: 'Not enough data yet: 20 of 400 exposures per arm, 4 of 20 conversions per arm.' });
    expect(wider.promotable).toEqual([]);

    const bad = await t.request('GET', `/api/flows/${flowId}/experiments?windowDays=0`, { auth: analyst });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/windowDays must be more than 0/);
    expect((await t.request('GET', `/api/flows/999999/experiments`, { auth: analyst })).status).toBe(404);
    // the other flow's only exposure converted (last touch)
    const other = (await t.request('GET', `/api/flows/${otherFlowId}/experiments`, { auth: analyst })).body.experiments[0];
    expect(other.arms.map((arm: { exposures: number; conversions: number }) => [arm.exposures, arm.conversions])).toEqual([
      [0, 0],
      [1, 1],
    ]);
  });

  it('attributes 5,000 customers’ purchases by last touch exactly as a recount in JavaScript does', async () => {
    const bulk = (await t.request('POST', '/api/flows', { auth: marketer, body: { name: 'Bulk', definition: exampleRetentionFlow } })).body.id as number;
    const [bulkVersion] = await t.prisma.flowVersion.findMany({ where: { flowId: bulk } });
    const [otherVersion] = await t.prisma.flowVersion.findMany({ where: { flowId: otherFlowId } });
    const base = new Date('2026-03-01T00:00:00Z');
    await t.prisma.$executeRaw`INSERT INTO customers (external_id) SELECT 'bulk-' || g FROM generate_series(1, 5000) g`;
    // one exposure each, arms by parity, spread over 60 days; every fifth customer is touched again by another flow two days later
    await t.prisma.$executeRaw`INSERT INTO flow_outcomes (enrollment_id, flow_id, flow_version_id, node_id, customer_id, kind, variant_id, experiment_key, occurred_at)
      SELECT c.id, ${bulk}, ${bulkVersion.id}, 'split', c.id, 'entered', CASE WHEN c.id % 2 = 0 THEN 'A' ELSE 'B' END, 'win-back-offer-2024', ${base}::timestamptz + (c.id % 60) * interval '1 day' + (c.id % 7) * interval '1 hour'
      FROM customers c WHERE c.external_id LIKE 'bulk-%'`;
    await t.prisma.$executeRaw`INSERT INTO flow_outcomes (enrollment_id, flow_id, flow_version_id, node_id, customer_id, kind, variant_id, experiment_key, occurred_at)
      SELECT c.id, ${otherFlowId}, ${otherVersion.id}, 'split', c.id, 'entered', 'A', 'win-back-offer-2024', ${base}::timestamptz + (c.id % 60 + 2) * interval '1 day'
      FROM customers c WHERE c.external_id LIKE 'bulk-%' AND c.id % 5 = 0`;
    // three purchase lines per customer between 5 days before and 75 days after the base date; some are cancellations
    await t.prisma.$executeRaw`INSERT INTO transactions (customer_id, invoice, line_key, amount, occurred_at, is_cancellation)
      SELECT c.id, 'bulk', 'bulk-' || c.id || '-' || k, CASE WHEN c.id % 11 = 0 AND k = 2 THEN -3 ELSE 10 END,
             ${base}::timestamptz + ((c.id * 7919 * k) % 80 - 5) * interval '1 day' + k * interval '1 hour', c.id % 11 = 0 AND k = 2
      FROM customers c CROSS JOIN generate_series(1, 3) k WHERE c.external_id LIKE 'bulk-%'`;

    // The recount: every exposure to any split, and every purchase, of these customers.
    const touches = await t.prisma.$queryRaw<Array<{ id: bigint; customer_id: number; occurred_at: Date; flow_id: number; variant_id: string }>>`
      SELECT o.id, o.customer_id, o.occurred_at, o.flow_id, o.variant_id FROM flow_outcomes o JOIN customers c ON c.id = o.customer_id
      WHERE c.external_id LIKE 'bulk-%' AND o.kind = 'entered' AND o.node_id = 'split'`;
    const buys = await t.prisma.$queryRaw<Array<{ customer_id: number; occurred_at: Date; amount: number; is_cancellation: boolean }>>`
      SELECT t.customer_id, t.occurred_at, t.amount::float8 AS amount, t.is_cancellation FROM transactions t JOIN customers c ON c.id = t.customer_id WHERE c.external_id LIKE 'bulk-%'`;
    const expected = { A: { exposures: 0, conversions: 0 }, B: { exposures: 0, conversions: 0 } } as Record<string, { exposures: number; conversions: number }>;
    const converted = new Set<bigint>();
    for (const buy of buys) {
      if (!(buy.amount > 0) || buy.is_cancellation) continue;
      const before = touches.filter((touch) => touch.customer_id === buy.customer_id && touch.occurred_at < buy.occurred_at);
      const last = before.sort((x, y) => y.occurred_at.getTime() - x.occurred_at.getTime() || Number(y.id - x.id))[0];
      if (last && buy.occurred_at.getTime() - last.occurred_at.getTime() <= 7 * DAY) converted.add(last.id);
    }
    for (const touch of touches.filter((x) => x.flow_id === bulk)) {
      expected[touch.variant_id].exposures++;
      if (converted.has(touch.id)) expected[touch.variant_id].conversions++;
    }
    expect(expected.A.conversions).toBeGreaterThan(100); // the scenario does exercise attribution

    const started = performance.now();
    const response = await t.request('GET', `/api/flows/${bulk}/experiments`, { auth: analyst });
    console.log(`GET /api/flows/:id/experiments, 5,000 exposures and 15,000 purchase lines: ${(performance.now() - started).toFixed(0)} ms`);
    const arms = response.body.experiments[0].arms;
    expect(arms.map((arm: { id: string; exposures: number; conversions: number }) => [arm.id, arm.exposures, arm.conversions])).toEqual([
      ['A', expected.A.exposures, expected.A.conversions],
      ['B', expected.B.exposures, expected.B.conversions],
    ]);
  });

  it('promotes the winner by itself where the split says autoPromote, audited as the system, once', async () => {
    const definition: FlowDefinition = structuredClone(exampleRetentionFlow);
    const split = definition.nodes.find((node) => node.id === 'split')!;
    if (split.type !== 'abSplit') throw new Error('the example flow changed');
    split.data.autoPromote = true;
    split.data.experimentKey = 'auto-2026';
    const trigger = definition.nodes.find((node) => node.id === 'trigger')!;
    if (trigger.type !== 'trigger' || trigger.data.source.kind !== 'segment-entered') throw new Error('the example flow changed');
    trigger.data.source.segmentId = String((await t.prisma.segment.findFirstOrThrow({ where: { name: 'At Risk' } })).id);
    const created = await t.request('POST', '/api/flows', { auth: marketer, body: { name: 'Auto winner', definition } });
    const autoFlow = created.body.id as number;
    const promoter = t.app.get(ExperimentAutoPromoter);
    // a draft is not running: nothing to decide
    expect(await promoter.tick()).toEqual([]);
    expect((await t.request('POST', `/api/flows/${autoFlow}/publish`, { auth: marketer, body: {} })).status).toBe(200);
    const [version] = await t.prisma.flowVersion.findMany({ where: { flowId: autoFlow } });
    const names = [...Array.from({ length: 20 }, (_, i) => `auto-a${i + 1}`), ...Array.from({ length: 20 }, (_, i) => `auto-b${i + 1}`)];
    await t.prisma.customer.createMany({ data: names.map((name) => ({ externalId: name })) });
    for (const c of await t.prisma.customer.findMany({ where: { externalId: { in: names } } })) customers[c.externalId!] = c.id;
    for (const [index, name] of names.entries()) {
      const arm = name.startsWith('auto-a') ? 'A' : 'B';
      await insertOutcome({ flowId: autoFlow, versionId: version.id, nodeId: 'split', customer: name, kind: 'entered', variant: arm, key: 'auto-2026', ms: T0 + index * 3_600_000 });
      // A: 4 of 20 buy a day later; B: 10 of 20 (the scenario above: P(B beats A) = 0.974)
      const rank = Number(name.slice(6));
      if ((arm === 'A' && rank <= 4) || (arm === 'B' && rank <= 10)) await purchase(name, T0 + index * 3_600_000 + DAY);
    }

    // only the split that asked for it: "Win back" has a promotable arm too, but no autoPromote
    expect(await promoter.tick()).toEqual([{ flowId: autoFlow, nodeId: 'split', experimentKey: 'auto-2026', variantId: 'B' }]);
    expect(await promoter.tick()).toEqual([]);
    const decision = await t.prisma.experimentDecision.findFirstOrThrow({ where: { flowId: autoFlow } });
    expect(decision).toMatchObject({ nodeId: 'split', variantId: 'B', decidedById: null });
    const audit = await t.prisma.auditLog.findMany({ where: { action: 'experiment.promoted', targetId: String(autoFlow) } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorType: 'system', details: expect.objectContaining({ variantId: 'B', automatic: true }) });
    expect(await t.prisma.experimentDecision.count({ where: { flowId } })).toBe(0);
  });

  it('promotes a winning arm once, audited, and refuses what is not a win', async () => {
    const path = `/api/flows/${flowId}/experiments/split/promote`;
    expect((await t.request('POST', path, { auth: analyst, body: { variantId: 'B' } })).status).toBe(403);
    const control = await t.request('POST', path, { auth: marketer, body: { variantId: 'A' } });
    expect(control.status).toBe(409);
    // the control may be kept only by a person who says the data do not show it is best (A: 4 of 20 against B: 10 of 20)
    expect(control.body.message).toMatch(/it is the control and the data do not show it is the best arm .*acknowledgeWeakEvidence: true/);
    expect((await t.request('POST', path, { auth: marketer, body: { variantId: 'Z' } })).status).toBe(400);
    expect((await t.request('POST', `/api/flows/${flowId}/experiments/nope/promote`, { auth: marketer, body: { variantId: 'B' } })).status).toBe(404);

    const promoted = await t.request('POST', path, { auth: marketer, body: { variantId: 'B' } });
    expect(promoted.status).toBe(201);
    expect(promoted.body).toMatchObject({ flowId, nodeId: 'split', experimentKey: 'win-back-offer-2024', variantId: 'B' });
    close(promoted.body.evidence.probabilityToBeatControl, 0.9741856842327555);
    const audit = await t.prisma.auditLog.findMany({ where: { action: 'experiment.promoted', targetId: String(flowId) } });
    expect(audit).toHaveLength(1);
    expect(audit[0].details).toMatchObject({ nodeId: 'split', variantId: 'B' });

    const again = await t.request('POST', path, { auth: marketer, body: { variantId: 'B' } });
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/already promoted/);
    const after = (await t.request('GET', `/api/flows/${flowId}/experiments`, { auth: analyst })).body.experiments[0];
    expect(after.decision).toMatchObject({ variantId: 'B' });
    expect(after.promotable).toEqual([]);
  });
});
