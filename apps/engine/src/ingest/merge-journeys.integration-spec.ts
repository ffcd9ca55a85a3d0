// An anonymous visitor can already be in journeys and segments when it identifies. Merging it into
// the known customer must keep all of that (deleting its row would cascade it away and leave its
// outcomes pointing at nobody), and must leave one unfinished enrollment per journey.
import { randomUUID } from 'node:crypto';
import { chainFlow, publishFlow } from '../runtime/acceptance/flow-fixtures';
import { waitUntil } from '../runtime/acceptance/acceptance-helpers';
import { EnrollmentsService } from '../runtime/enrollments/enrollments.service';
import { startTestApp, type TestApp } from '../testing/test-app';

describe('merging an anonymous visitor keeps its journeys and segment history', () => {
  let t: TestApp;
  let writeKey: string;
  let marketer: string;
  const run = randomUUID().slice(0, 8);

  beforeAll(async () => {
    t = await startTestApp();
    writeKey = await t.apiKey(['ingest']);
    marketer = await t.tokenFor('marketer');
  });
  afterAll(() => t.close());

  const send = (path: string, body: unknown) => t.request('POST', path, { body, headers: { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` } });
  const waiting = () => chainFlow({ kind: 'manual' }, [{ id: 'wait', type: 'wait', data: { mode: 'duration', duration: { amount: 3, unit: 'days' } } }]);

  it('moves enrollments, outcomes, deliveries, offers and segment history to the known customer; a journey both are in keeps the known one', async () => {
    const anon = `anon-${run}`;
    await send('/v1/track', { anonymousId: anon, event: 'Viewed Pricing' });
    await send('/v1/identify', { userId: `known-${run}`, traits: { email: `known-${run}@example.com` } });
    const visitor = (await t.prisma.identityAlias.findUniqueOrThrow({ where: { kind_value: { kind: 'anonymous', value: anon } } })).customerId;
    const known = (await t.prisma.customer.findUniqueOrThrow({ where: { externalId: `known-${run}` } })).id;

    // journeys: only the visitor is in the first; both are in the second
    const onlyVisitor = await publishFlow(t, marketer, `Visitor only ${run}`, waiting());
    const both = await publishFlow(t, marketer, `Both ${run}`, waiting());
    const enrollments = t.app.get(EnrollmentsService);
    await enrollments.enroll({ flowId: onlyVisitor, customerIds: [visitor], source: 'manual' });
    await enrollments.enroll({ flowId: both, customerIds: [visitor, known], source: 'manual' });
    await waitUntil('the three enrollments reach their wait', () => t.prisma.enrollment.count({ where: { flowId: { in: [onlyVisitor, both] }, status: 'waiting' } }), (n) => n === 3);
    const visitorEnrollment = await t.prisma.enrollment.findFirstOrThrow({ where: { flowId: onlyVisitor, customerId: visitor } });
    const visitorInBoth = await t.prisma.enrollment.findFirstOrThrow({ where: { flowId: both, customerId: visitor } });
    const knownInBoth = await t.prisma.enrollment.findFirstOrThrow({ where: { flowId: both, customerId: known } });
    await t.prisma.delivery.create({ data: { enrollmentId: visitorEnrollment.id, nodeId: 'email', customerId: visitor, flowId: onlyVisitor, flowVersionId: visitorEnrollment.flowVersionId, channel: 'email', status: 'sent', createdAt: new Date() } });
    await t.prisma.offer.create({ data: { code: `MERGE-${run}`, enrollmentId: visitorEnrollment.id, nodeId: 'offer', customerId: visitor, flowId: onlyVisitor, flowVersionId: visitorEnrollment.flowVersionId, kind: 'percent', value: 10, issuedAt: new Date(), expiresAt: new Date(Date.now() + 86_400_000) } });
    // segments: the visitor entered one (history and current membership)
    const segment = await t.prisma.segment.create({ data: { name: `Visitors ${run}`, kind: 'manual', definition: {} } });
    await t.prisma.segmentMembership.create({ data: { segmentId: segment.id, customerId: visitor } });
    await t.prisma.segmentMembershipEvent.create({ data: { segmentId: segment.id, customerId: visitor, kind: 'entered', at: new Date(), reason: 'test' } });
    // an event of the visitor's still staged for flows (parked here, so no dispatcher takes it first)
    await t.prisma.$executeRaw`INSERT INTO flow_event_outbox (customer_id, name, occurred_at, parked_at) VALUES (${visitor}, ${`staged-${run}`}, now(), now())`;
    const visitorOutcomes = await t.prisma.flowOutcome.count({ where: { customerId: visitor } });
    expect(visitorOutcomes).toBeGreaterThan(0);

    expect((await send('/v1/identify', { userId: `known-${run}`, anonymousId: anon })).status).toBe(200);

    expect(await t.prisma.customer.findUnique({ where: { id: visitor } })).toBeNull();
    // the visitor's journey goes on as the known customer's
    expect(await t.prisma.enrollment.findUniqueOrThrow({ where: { id: visitorEnrollment.id } })).toMatchObject({ customerId: known, status: 'waiting' });
    // in the journey both were in, the known customer's enrollment goes on; the visitor's exits, said so in an outcome
    expect(await t.prisma.enrollment.findUniqueOrThrow({ where: { id: knownInBoth.id } })).toMatchObject({ customerId: known, status: 'waiting' });
    expect(await t.prisma.enrollment.findUniqueOrThrow({ where: { id: visitorInBoth.id } })).toMatchObject({ customerId: known, status: 'exited', nextDueAt: null });
    expect(await t.prisma.flowOutcome.findFirst({ where: { enrollmentId: visitorInBoth.id, kind: 'exited' } })).toMatchObject({ customerId: known, detail: { reason: 'merged' } });
    // nothing points at the deleted visitor any more; nothing was lost
    for (const count of [t.prisma.flowOutcome.count({ where: { customerId: visitor } }), t.prisma.delivery.count({ where: { customerId: visitor } }), t.prisma.offer.count({ where: { customerId: visitor } })]) expect(await count).toBe(0);
    expect(await t.prisma.flowOutcome.count({ where: { enrollmentId: { in: [visitorEnrollment.id, visitorInBoth.id] } } })).toBe(visitorOutcomes + 1);
    expect(await t.prisma.delivery.findFirstOrThrow({ where: { enrollmentId: visitorEnrollment.id } })).toMatchObject({ customerId: known });
    expect(await t.prisma.offer.findUniqueOrThrow({ where: { code: `MERGE-${run}` } })).toMatchObject({ customerId: known });
    expect(await t.prisma.segmentMembershipEvent.findMany({ where: { segmentId: segment.id }, select: { customerId: true, kind: true } })).toEqual([{ customerId: known, kind: 'entered' }]);
    expect(await t.prisma.$queryRaw<{ customerId: number }[]>`SELECT customer_id AS "customerId" FROM flow_event_outbox WHERE name = ${`staged-${run}`}`).toEqual([{ customerId: known }]);
    expect(await t.prisma.segmentMembership.findMany({ where: { segmentId: segment.id }, select: { customerId: true } })).toEqual([{ customerId: known }]);
  });
});
