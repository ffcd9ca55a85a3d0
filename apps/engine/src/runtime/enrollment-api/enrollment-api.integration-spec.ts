import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../../testing/test-app';
import { chainFlow, publishFlow } from '../acceptance/flow-fixtures';
import { MAX_IDS_PER_CALL } from './enrollment-api.schemas';

describe('POST /api/flows/:id/enrollments (manual and API enrollment)', () => {
  let t: TestApp;
  let writer: string;
  let run: string;
  let customers: { id: number; externalId: string }[];

  beforeAll(async () => {
    t = await startTestApp();
    writer = await t.tokenFor('marketer');
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    run = randomUUID().slice(0, 8);
    customers = [];
    for (let i = 0; i < 4; i++) customers.push((await t.prisma.customer.create({ data: { externalId: `api-${run}-${i}` }, select: { id: true, externalId: true } })) as { id: number; externalId: string });
  });

  const enroll = (flowId: number, body: unknown, auth = writer) => t.request('POST', `/api/flows/${flowId}/enrollments`, { auth, body });
  // trigger → wait 1 day → exit: enrollments stay unfinished, so a second call finds them
  const waitingFlow = () => chainFlow({ kind: 'manual' }, [{ id: 'wait', type: 'wait', data: { mode: 'duration', duration: { amount: 1, unit: 'days' } } }]);

  it('enrolls customers by id, by external id and by segment, and says who was skipped and why', async () => {
    const flowId = await publishFlow(t, writer, `API ${run}`, waitingFlow());
    const first = await enroll(flowId, { customerIds: [customers[0].id, customers[1].id] });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ flowId, flowVersion: 1, requested: 2, enrolled: 2, skipped: { total: 0, byReason: {}, customers: [] } });

    const byExternal = await enroll(flowId, { externalIds: [customers[1].externalId, customers[2].externalId] });
    expect(byExternal.body).toMatchObject({ requested: 2, enrolled: 1, skipped: { total: 1, byReason: { 'already-enrolled': 1 }, customers: [{ customerId: customers[1].id, reason: 'already-enrolled' }] } });

    const segment = await t.request('POST', '/api/segments', { auth: writer, body: { kind: 'manual', name: `Manual ${run}`, definition: { customerIds: customers.map((c) => c.id) } } });
    expect(segment.status).toBe(201);
    const bySegment = await enroll(flowId, { segmentId: segment.body.id });
    expect(bySegment.body).toMatchObject({ requested: 4, enrolled: 1, skipped: { total: 3, byReason: { 'already-enrolled': 3 } } });

    const rows = await t.prisma.$queryRaw<{ customerId: number; source: string }[]>`SELECT customer_id AS "customerId", source FROM enrollments WHERE flow_id = ${flowId} ORDER BY customer_id`;
    expect(rows).toEqual(customers.map((c) => ({ customerId: c.id, source: 'manual' })));
  });

  it('refuses draft, paused and unknown flows with a sentence that says what to do', async () => {
    const draft = await t.request('POST', '/api/flows', { auth: writer, body: { name: `Draft ${run}`, definition: waitingFlow() } });
    const refusedDraft = await enroll(draft.body.id, { customerIds: [customers[0].id] });
    expect(refusedDraft.status).toBe(409);
    expect(refusedDraft.body.message).toMatch(/is a draft: publish it before enrolling customers/);

    const flowId = await publishFlow(t, writer, `Paused ${run}`, waitingFlow());
    expect((await t.request('POST', `/api/flows/${flowId}/pause`, { auth: writer })).status).toBe(200);
    const refusedPaused = await enroll(flowId, { customerIds: [customers[0].id] });
    expect(refusedPaused.status).toBe(409);
    expect(refusedPaused.body.message).toMatch(/is paused: resume it before enrolling customers/);

    const unknownFlow = await enroll(999_999, { customerIds: [customers[0].id] });
    expect(unknownFlow.status).toBe(404);
    expect(unknownFlow.body.message).toBe('Flow 999999 does not exist.');
  });

  it('refuses unknown customers and segments, naming them, and enrolls nobody', async () => {
    const flowId = await publishFlow(t, writer, `Unknown ${run}`, waitingFlow());
    const unknownIds = await enroll(flowId, { customerIds: [customers[0].id, 2_000_000_001] });
    expect(unknownIds.status).toBe(404);
    expect(unknownIds.body.message).toBe('No customer has the customer id 2000000001; nobody was enrolled.');

    const unknownExternal = await enroll(flowId, { externalIds: [customers[0].externalId, `nobody-${run}`, `ghost-${run}`] });
    expect(unknownExternal.status).toBe(404);
    expect(unknownExternal.body.message).toBe(`No customers have these 2 external ids: nobody-${run}, ghost-${run}; nobody was enrolled.`);

    const unknownSegment = await enroll(flowId, { segmentId: 987_654 });
    expect(unknownSegment.status).toBe(404);
    expect(unknownSegment.body.message).toBe('Segment 987654 does not exist.');
    expect(await t.prisma.enrollment.count({ where: { flowId } })).toBe(0);
  });

  it('answers 400 to a malformed request: too many ids, two ways at once, none, wrong types', async () => {
    const flowId = await publishFlow(t, writer, `Bad ${run}`, waitingFlow());
    const tooMany = await enroll(flowId, { customerIds: Array.from({ length: MAX_IDS_PER_CALL + 1 }, (_, i) => i + 1) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.message).toMatch(/at most 10,000 customers per call \(enroll a segment for more\)/);

    const both = await enroll(flowId, { customerIds: [customers[0].id], segmentId: 1 });
    expect(both.status).toBe(400);
    expect(both.body.message).toBe('Give exactly one of customerIds, segmentId or externalIds. This request gives customerIds and segmentId.');
    expect((await enroll(flowId, {})).status).toBe(400);
    const wrongType = await enroll(flowId, { customerIds: ['7'] });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.message).toMatch(/a customer id is a number/);
  });

  it('needs write access', async () => {
    const flowId = await publishFlow(t, writer, `Access ${run}`, waitingFlow());
    expect((await enroll(flowId, { customerIds: [customers[0].id] }, await t.tokenFor('analyst'))).status).toBe(403);
    expect((await enroll(flowId, { customerIds: [customers[0].id] }, await t.apiKey(['read']))).status).toBe(403);
  });
});
