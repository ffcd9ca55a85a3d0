// Holdouts and lift on the real database: a flow with a 50 % holdout and a 10 % global control
// group, a scenario of known purchases, goal events and segment memberships, and the lift report
// checked against numbers computed by hand (Wilson, Newcombe method 10, log-ratio, pooled z-test;
// reference values from an independent calculation).
import { isInGlobalControl, isInHoldout } from '@retain/rules';
import { EnrollmentsService } from '../runtime/enrollments/enrollments.service';
import { flow, runtimeKit, type RuntimeKit } from '../runtime/testing/runtime-test-kit';
import { startTestApp, type TestApp } from '../testing/test-app';

const DAY = 86_400_000;
const T0 = new Date('2026-01-05T09:00:00Z');
const day = (n: number) => new Date(T0.getTime() + n * DAY);

describe('holdouts and lift', () => {
  let t: TestApp;
  let kit: RuntimeKit;
  let enrollments: EnrollmentsService;
  let analyst: string;

  beforeAll(async () => {
    t = await startTestApp({ RETAIN_GLOBAL_CONTROL_PERCENT: '10', RETAIN_RECONCILE_INTERVAL_MS: '3600000' });
    kit = runtimeKit(t, T0.toISOString());
    enrollments = t.app.get(EnrollmentsService);
    analyst = await t.tokenFor('analyst');
  });
  afterAll(() => t.close());

  let line = 0;
  const purchase = (customerId: number, at: Date, amount = 20, isCancellation = false) =>
    t.prisma.transaction.create({ data: { customerId, invoice: `INV-${++line}`, lineKey: `holdouts-${process.pid}-${line}`, amount, occurredAt: at, isCancellation, isReturn: amount < 0 } });
  const event = (customerId: number, name: string, at: Date) => t.prisma.event.create({ data: { customerId, name, occurredAt: at } });
  const membership = async (segmentId: number, customerIds: number[], kind: 'entered' | 'exited', at: Date) => {
    await t.prisma.segmentMembershipEvent.createMany({ data: customerIds.map((customerId) => ({ segmentId, customerId, kind, at, reason: 'test' })) });
  };

  it('holds out customers without side effects, skips the global control group, and reports lift with exact statistics', async () => {
    const { flowId } = await kit.publishFlow(
      flow(
        [
          { id: 'trigger', type: 'trigger', data: { source: { kind: 'manual' }, reEntry: { policy: 'after-exit' }, holdoutPercent: 50 } },
          { id: 'offer', type: 'offer', data: { kind: 'percent', value: 10, expiryDays: 14, codePrefix: 'HOLD' } },
          { id: 'goal', type: 'goal', data: { eventName: 'subscribed', within: { amount: 30, unit: 'days' } } },
        ],
        [
          ['trigger', 'next', 'offer'],
          ['offer', 'next', 'goal'],
        ],
      ),
    );
    // groups are the hash's (unit-tested in libs/rules); pick customers so that the sizes are fixed
    const candidates = await kit.customers(150);
    const globalControl = candidates.filter((id) => isInGlobalControl(id, 10));
    const eligible = candidates.filter((id) => !isInGlobalControl(id, 10));
    const h = eligible.filter((id) => isInHoldout(flowId, id, 50)).slice(0, 10);
    const tr = eligible.filter((id) => !isInHoldout(flowId, id, 50)).slice(0, 20);
    expect([globalControl.length > 0, h.length, tr.length]).toEqual([true, 10, 20]);

    const result = await enrollments.enroll({ flowId, customerIds: [...h, ...tr, globalControl[0]], source: 'manual' });
    expect(result).toEqual({ enrolled: 30, skipped: [{ customerId: globalControl[0], reason: 'global-control' }] });
    await kit.drain();

    const rows = await t.prisma.enrollment.findMany({ where: { flowId } });
    expect(rows).toHaveLength(30);
    for (const row of rows.filter((r) => h.includes(r.customerId))) expect(row).toMatchObject({ status: 'held-out', finishedAt: T0, nextDueAt: null, path: ['trigger'] });
    for (const row of rows.filter((r) => tr.includes(r.customerId))) expect(row).toMatchObject({ status: 'waiting', currentNodeId: 'goal' });
    // held-out customers: one countable outcome, never an offer; treated: the journey
    const heldOutcomes = await t.prisma.flowOutcome.findMany({ where: { flowId, customerId: { in: h } } });
    expect(heldOutcomes.map((o) => [o.kind, o.nodeId])).toEqual(h.map(() => ['held-out', 'trigger']));
    expect(heldOutcomes[0].detail).toEqual({ source: 'manual', holdoutPercent: 50 });
    expect(await t.prisma.offer.count({ where: { customerId: { in: h } } })).toBe(0);
    expect(await t.prisma.offer.count({ where: { customerId: { in: tr } } })).toBe(20);
    expect(await t.prisma.enrollment.count({ where: { customerId: globalControl[0] } })).toBe(0);

    // entering again (the policy allows it once finished): held out again, still nothing done
    expect(await enrollments.enroll({ flowId, customerIds: [h[0]], source: 'manual', at: day(2) })).toEqual({ enrolled: 1, skipped: [] });
    await kit.drain();
    expect((await t.prisma.enrollment.findMany({ where: { customerId: h[0] } })).map((r) => r.status)).toEqual(['held-out', 'held-out']);
    expect(await t.prisma.offer.count({ where: { customerId: h[0] } })).toBe(0);

    // holdout: h0, h1 buy within 30 days; h2 on day 40 (retained, not converted); h3 only a
    // cancellation, h4 only a return, h5 bought before entering: none of those count
    await purchase(h[0], day(3));
    await purchase(h[1], day(20));
    await purchase(h[2], day(40));
    await purchase(h[3], day(5), 20, true);
    await purchase(h[4], day(5), -10);
    await purchase(h[5], day(-2));
    // treated: t0–t5 buy in the first week; t6, t7 reach the goal event; t8's goal event is a day
    // late for 30 days; t9's event is another one; t10 buys on day 60 (retained, not converted)
    for (let i = 0; i <= 5; i++) await purchase(tr[i], day(i + 1));
    await event(tr[6], 'subscribed', day(10));
    await event(tr[7], 'subscribed', day(10));
    await event(tr[8], 'subscribed', day(31));
    await event(tr[9], 'newsletter_opened', day(2));
    await purchase(tr[10], day(60));

    // segments at entry: VIP (h0–h4, t0–t9); Lapsed (h5–h9, t10–t19); t0 joined Lapsed after
    // entering and h0 had left it before: neither counts there
    const vip = await t.prisma.segment.create({ data: { name: `VIP ${process.pid}`, kind: 'manual' } });
    const lapsed = await t.prisma.segment.create({ data: { name: `Lapsed ${process.pid}`, kind: 'manual' } });
    await membership(vip.id, [...h.slice(0, 5), ...tr.slice(0, 10)], 'entered', day(-10));
    await membership(lapsed.id, [...h.slice(5), ...tr.slice(10), h[0]], 'entered', day(-10));
    await membership(lapsed.id, [h[0]], 'exited', day(-5));
    await membership(lapsed.id, [tr[0]], 'entered', day(1));

    kit.clock.set(day(100)); // every retention horizon (90 days) has passed
    const response = await t.request('GET', `/api/flows/${flowId}/lift?windowDays=30`, { auth: analyst });
    expect(response.status).toBe(200);
    const body = response.body;
    expect(body).toMatchObject({ flowId, holdoutPercent: 50, globalControlPercent: 10, windowDays: 30, conversionDefinition: { goalEvents: ['subscribed'] }, retentionDefinition: { horizonDays: 90 } });

    // conversion: treated 8/20 = 0.4, holdout 2/10 = 0.2
    const c = body.conversion;
    expect(c.holdout).toMatchObject({ customers: 10, conversions: 2, rate: 0.2 });
    expect(c.treated).toMatchObject({ customers: 20, conversions: 8, rate: 0.4 });
    expectClose(c.treated.rateInterval, { lower: 0.21880653237281705, upper: 0.6134184992377469 });
    expectClose(c.holdout.rateInterval, { lower: 0.05668215145437519, upper: 0.5098375284633583 });
    expectClose(c.absoluteLift, { estimate: 0.2, lower: -0.15892947323261897, upper: 0.45707481698649294 });
    expectClose(c.relativeLift, { estimate: 1, lower: -0.4819402910913546, upper: 6.721117722948341 });
    expect(c.pValue).toBeCloseTo(0.2733216782922982, 6);
    expect(c.probabilityTreatedBetter).toBeGreaterThan(0.8);

    // retention (purchase within 90 days): treated 7/20, holdout 3/10
    const r = body.retention;
    expect([r.holdout.customers, r.holdout.conversions, r.treated.customers, r.treated.conversions]).toEqual([10, 3, 20, 7]);
    expectClose(r.absoluteLift, { estimate: 0.05, lower: -0.29704422212077664, upper: 0.339993900003376 });
    expectClose(r.relativeLift, { estimate: 0.16666666666666674, lower: -0.6191102307649119, upper: 2.57350399262371 });
    expect(r.pValue).toBeCloseTo(0.7841912294016191, 6);

    // by segment at entry
    const bySegment = Object.fromEntries(body.bySegment.map((s: { segmentId: number }) => [s.segmentId, s]));
    expect(Object.keys(bySegment).map(Number).sort()).toEqual([vip.id, lapsed.id].sort());
    const v = bySegment[vip.id];
    expect([v.conversion.holdout.customers, v.conversion.holdout.conversions, v.conversion.treated.customers, v.conversion.treated.conversions]).toEqual([5, 2, 10, 8]);
    expectClose(v.conversion.absoluteLift, { estimate: 0.4, lower: -0.08204133690317417, upper: 0.7166670694226287 });
    expectClose(v.conversion.relativeLift, { estimate: 1, lower: -0.345709740465156, upper: 5.113494648145502 });
    expect(v.conversion.pValue).toBeCloseTo(0.12133525035848225, 6);
    expect([v.retention.holdout.conversions, v.retention.treated.conversions]).toEqual([3, 6]);
    const l = bySegment[lapsed.id];
    expect([l.conversion.holdout.customers, l.conversion.holdout.conversions, l.conversion.treated.customers, l.conversion.treated.conversions]).toEqual([5, 0, 10, 0]);
    // nobody converted: no relative lift and nothing to test
    expect([l.conversion.relativeLift, l.conversion.pValue]).toEqual([null, null]);
    expect([l.retention.holdout.conversions, l.retention.treated.conversions]).toEqual([0, 1]);

    // a longer window takes h2 (day 40) and t8 (day 31) in: 3/10 and 9/20
    const wider = await t.request('GET', `/api/flows/${flowId}/lift?windowDays=45`, { auth: analyst });
    expect([wider.body.conversion.holdout.conversions, wider.body.conversion.treated.conversions]).toEqual([3, 9]);

    // before the horizon has passed, nobody counts for retention yet
    kit.clock.set(day(60));
    const early = await t.request('GET', `/api/flows/${flowId}/lift`, { auth: analyst });
    expect([early.body.windowDays, early.body.retention.holdout.customers, early.body.retention.treated.customers, early.body.retention.absoluteLift]).toEqual([30, 0, 0, null]);
  });

  it('answers 404 for an unknown flow and 400 for a bad window', async () => {
    expect((await t.request('GET', '/api/flows/999999/lift', { auth: analyst })).status).toBe(404);
    const bad = await t.request('GET', '/api/flows/1/lift?windowDays=0', { auth: analyst });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/windowDays must be at least 1/);
  });

  it('documents the lift and tracking routes in OpenAPI', async () => {
    const doc = await t.request('GET', '/api/docs-json');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/flows/{id}/lift', '/t/o/{file}', '/t/c/{token}']));
    expect(doc.body.paths['/api/flows/{id}/lift'].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['id', 'windowDays', 'confidence']));
  });
});

function expectClose(actual: Record<string, number> | null, expected: Record<string, number>) {
  expect(actual).not.toBeNull();
  for (const [key, value] of Object.entries(expected)) expect(actual![key]).toBeCloseTo(value, 6);
}
