import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../../testing/test-app';
import { chainFlow, publishFlow } from '../acceptance/flow-fixtures';
import { waitUntil } from '../acceptance/acceptance-helpers';
import { Clock, TestClock } from '../clock';
import { EnrollmentsService } from '../enrollments/enrollments.service';
import { Reconciler } from '../reconciler';
import { EventTrigger, MAX_ATTEMPTS } from './event.trigger';
import { FLOW_ENROLLER, type TransactionalFlowEnroller } from './flow-enroller';
import { ScheduleTrigger } from './schedule.trigger';
import { SegmentEnteredTrigger } from './segment-entered.trigger';
import { TriggerIndexService } from './trigger-index.service';

describe('Flow triggers: event, segment entered, schedule', () => {
  let t: TestApp;
  let marketer: string;
  let writeKey: string;
  let run: string;
  const clock = new TestClock('2026-01-05T08:59:30Z'); // a Monday

  beforeAll(async () => {
    // no scheduler role: this test ticks the reconciler and the schedule itself, at the times it chooses
    t = await startTestApp({ RETAIN_ROLES: 'api,worker' });
    t.app.get(Clock).use(clock);
    marketer = await t.tokenFor('marketer');
    writeKey = await t.apiKey(['ingest']);
  });
  afterAll(() => t.close());
  beforeEach(() => {
    run = randomUUID().slice(0, 8);
  });

  const track = (userId: string, event: string, properties: Record<string, unknown> = {}) =>
    t.request('POST', '/v1/track', { auth: writeKey, body: { userId, event, properties, timestamp: clock.now().toISOString() } });
  const enrolledExternalIds = async (flowId: number) =>
    (await t.prisma.$queryRaw<{ externalId: string }[]>`SELECT c.external_id AS "externalId" FROM enrollments e JOIN customers c ON c.id = e.customer_id WHERE e.flow_id = ${flowId} ORDER BY c.external_id`).map((r) => r.externalId);
  const customer = async (externalId: string) => t.prisma.customer.create({ data: { externalId } });

  it('enrolls on a tracked event whose properties match the trigger condition, once per customer', async () => {
    const event = `cart_abandoned_${run}`;
    const flowId = await publishFlow(
      t,
      marketer,
      `Cart ${run}`,
      chainFlow({ kind: 'event', eventName: event, condition: { all: [{ fact: 'value', operator: 'greaterThanInclusive', value: 50 }] } }, [
        { id: 'wait', type: 'wait', data: { mode: 'duration', duration: { amount: 1, unit: 'days' } } },
      ]),
    );
    await t.app.get(TriggerIndexService).refresh();
    await track(`big-${run}`, event, { value: 80 });
    await track(`big-${run}`, event, { value: 90 }); // already in the flow: not twice
    await track(`small-${run}`, event, { value: 20 });
    await track(`other-${run}`, `${event}_not`, { value: 500 });
    await t.request('POST', '/v1/batch', { auth: writeKey, body: { batch: [`b1-${run}`, `b2-${run}`].map((userId) => ({ type: 'track', userId, event, properties: { value: 50 } })) } });
    // the track call returns at the events' commit; the dispatcher enrolls from the outbox
    await t.app.get(EventTrigger).drain();
    expect(await t.prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM flow_event_outbox`).toEqual([{ n: 0 }]);
    expect(await enrolledExternalIds(flowId)).toEqual([`b1-${run}`, `b2-${run}`, `big-${run}`].sort());
    const sources = await t.prisma.$queryRaw<{ source: string }[]>`SELECT DISTINCT source FROM enrollments WHERE flow_id = ${flowId}`;
    expect(sources).toEqual([{ source: 'event' }]);
  });

  it('acts on a staged event that no process dispatched before it stopped (the outbox is durable), exactly once', async () => {
    const event = `signed_up_${run}`;
    const flowId = await publishFlow(t, marketer, `Signup ${run}`, chainFlow({ kind: 'event', eventName: event }, [], { policy: 'after-exit' }));
    await t.app.get(TriggerIndexService).refresh();
    const left = await customer(`left-${run}`);
    // what a process that committed a track call and died before dispatching leaves behind
    await t.prisma.$executeRaw`INSERT INTO flow_event_outbox (customer_id, name, occurred_at) VALUES (${left.id}, ${event}, now())`;
    await t.app.get(EventTrigger).drain();
    expect(await enrolledExternalIds(flowId)).toEqual([`left-${run}`]);
    expect(await t.prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM flow_event_outbox WHERE customer_id = ${left.id}`).toEqual([{ n: 0 }]);
    // once acted on, the row is gone: draining again enrolls nobody twice (even with re-entry after exit)
    await t.app.get(EventTrigger).drain();
    expect(await t.prisma.enrollment.count({ where: { flowId } })).toBe(1);
  });

  it('a staged event that keeps failing is tried on its own and then parked; the events around it are acted on', async () => {
    const event = `joined_${run}`;
    const flowId = await publishFlow(t, marketer, `Joined ${run}`, chainFlow({ kind: 'event', eventName: event }, []));
    await t.app.get(TriggerIndexService).refresh();
    const [before, bad, after] = [await customer(`before-${run}`), await customer(`bad-${run}`), await customer(`after-${run}`)];
    // a fault in acting on one customer's event (planned here; in life, say, a bug or a bad row)
    const enroller = t.app.get<TransactionalFlowEnroller>(FLOW_ENROLLER);
    const enrollOn = enroller.enrollOn.bind(enroller);
    const spy = jest.spyOn(enroller, 'enrollOn').mockImplementation(async (client, input, options) => {
      if (input.customerIds.includes(bad.id)) throw new Error('planned failure');
      return enrollOn(client, input, options);
    });
    try {
      for (const c of [before, bad, after]) await t.prisma.$executeRaw`INSERT INTO flow_event_outbox (customer_id, name, occurred_at) VALUES (${c.id}, ${event}, now())`;
      await t.app.get(EventTrigger).drain();
      // the others are acted on at once; the failing row waits between its tries (250 ms, doubling), then is parked
      expect(await enrolledExternalIds(flowId)).toEqual([`after-${run}`, `before-${run}`]);
      await waitUntil(
        'the failing event is parked',
        async () => {
          await t.app.get(EventTrigger).drain();
          return t.prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM flow_event_outbox WHERE name = ${event} AND parked_at IS NOT NULL`;
        },
        (rows) => rows[0].n === 1,
        20_000,
        100,
      );
    } finally {
      spy.mockRestore();
    }
    expect(await enrolledExternalIds(flowId)).toEqual([`after-${run}`, `before-${run}`]);
    const left = await t.prisma.$queryRaw<{ customerId: number; attempts: number; lastError: string; parked: boolean }[]>`
      SELECT customer_id AS "customerId", attempts, last_error AS "lastError", parked_at IS NOT NULL AS parked FROM flow_event_outbox WHERE name = ${event}`;
    expect(left).toEqual([{ customerId: bad.id, attempts: MAX_ATTEMPTS, lastError: 'planned failure', parked: true }]);
    // parked: later events are no longer held up by it, and it stays until someone clears parked_at
    await track(`later-${run}`, event);
    await t.app.get(EventTrigger).drain();
    expect(await enrolledExternalIds(flowId)).toEqual([`after-${run}`, `before-${run}`, `later-${run}`]);
    await t.prisma.$executeRaw`UPDATE flow_event_outbox SET parked_at = NULL, attempts = 0, retry_at = NULL WHERE name = ${event}`;
    await t.app.get(EventTrigger).drain();
    expect(await enrolledExternalIds(flowId)).toEqual([`after-${run}`, `bad-${run}`, `before-${run}`, `later-${run}`]);
    expect(await t.prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM flow_event_outbox WHERE name = ${event}`).toEqual([{ n: 0 }]);
  });

  it('resumes an enrollment waiting for the event, and lets one without it time out', async () => {
    const opened = `email_opened_${run}`;
    const definition = chainFlow({ kind: 'manual' }, [
      { id: 'wait-open', type: 'wait', data: { mode: 'event', eventName: opened, timeout: { amount: 2, unit: 'days' } }, handle: 'event' },
    ]);
    definition.nodes.push({ id: 'exit-timeout', type: 'exit', position: { x: 200, y: 240 }, data: {} });
    definition.edges.push({ id: 'e-timeout', source: 'wait-open', sourceHandle: 'timeout', target: 'exit-timeout' });
    const flowId = await publishFlow(t, marketer, `Wait ${run}`, definition);
    await t.app.get(TriggerIndexService).refresh();
    const [reader, ignorer] = [await customer(`reader-${run}`), await customer(`ignorer-${run}`)];
    expect((await t.request('POST', `/api/flows/${flowId}/enrollments`, { auth: marketer, body: { customerIds: [reader.id, ignorer.id] } })).body.enrolled).toBe(2);
    await waitUntil('both waiting for the event', () => t.prisma.enrollment.count({ where: { flowId, status: 'waiting', currentNodeId: 'wait-open' } }), (n) => n === 2);

    clock.advance(60_000);
    await track(`reader-${run}`, opened);
    await waitUntil('the reader resumed and done', () => t.prisma.enrollment.findFirstOrThrow({ where: { flowId, customerId: reader.id } }), (e) => e.status === 'exited');
    clock.advance(2 * 86_400_000);
    await t.app.get(Reconciler).tick();
    await waitUntil('the ignorer timed out', () => t.prisma.enrollment.findFirstOrThrow({ where: { flowId, customerId: ignorer.id } }), (e) => e.status !== 'waiting');
    const kinds = await t.prisma.$queryRaw<{ customerId: number; kind: string }[]>`
      SELECT customer_id AS "customerId", kind FROM flow_outcomes WHERE flow_id = ${flowId} AND kind IN ('resumed', 'timed-out') ORDER BY customer_id`;
    expect(kinds).toEqual([
      { customerId: reader.id, kind: 'resumed' },
      { customerId: ignorer.id, kind: 'timed-out' },
    ]);
  });

  it('enrolls the customers who enter a segment, coalescing a whole refresh into few enroll calls', async () => {
    const members = await Promise.all(Array.from({ length: 30 }, (_, i) => customer(`seg-${run}-${i}`)));
    const segment = await t.request('POST', '/api/segments', { auth: marketer, body: { kind: 'manual', name: `VIP ${run}`, definition: { customerIds: [members[0].id] } } });
    expect(segment.status).toBe(201);
    const flowId = await publishFlow(t, marketer, `VIP welcome ${run}`, chainFlow({ kind: 'segment-entered', segmentId: String(segment.body.id) }));
    const enroll = jest.spyOn(t.app.get(EnrollmentsService), 'enroll');
    const entered = await t.request('PUT', `/api/segments/${segment.body.id}/members`, { auth: marketer, body: { customerIds: members.map((m) => m.id) } });
    expect(entered.status).toBe(200);
    await waitUntil('the 29 new members enrolled', () => t.prisma.enrollment.count({ where: { flowId } }), (n) => n === 29, 10_000);
    await t.app.get(SegmentEnteredTrigger).flush();
    // the first member was in the segment before the flow existed: not enrolled
    expect(await t.prisma.enrollment.count({ where: { flowId, customerId: members[0].id } })).toBe(0);
    // one enroll call for the whole refresh (the real service, counted)
    expect(enroll.mock.calls.filter(([request]) => request.flowId === flowId).map(([request]) => [request.source, request.customerIds.length])).toEqual([['segment-entered', 29]]);
    enroll.mockRestore();
  });

  it("enrolls a schedule's audience when its cron fires (scheduler role), and only then", async () => {
    const audience = await Promise.all(Array.from({ length: 5 }, (_, i) => customer(`sched-${run}-${i}`)));
    const segment = await t.request('POST', '/api/segments', { auth: marketer, body: { kind: 'manual', name: `Weekly ${run}`, definition: { customerIds: audience.map((c) => c.id) } } });
    const flowId = await publishFlow(t, marketer, `Weekly ${run}`, chainFlow({ kind: 'schedule', cron: '0 9 * * 1', audienceSegmentId: String(segment.body.id) }, [], { policy: 'after-exit' }));
    const schedule = t.app.get(ScheduleTrigger);
    clock.set('2026-01-12T08:59:00Z'); // next Monday, before 9:00
    expect(await schedule.tick()).toEqual([]);
    clock.set('2026-01-12T08:59:50Z');
    expect(await schedule.tick()).toEqual([]);
    clock.set('2026-01-12T09:00:05Z');
    expect(await schedule.tick()).toEqual([flowId]);
    expect(await t.prisma.enrollment.count({ where: { flowId, source: 'schedule' } })).toBe(5);
    clock.set('2026-01-12T09:00:15Z');
    expect(await schedule.tick()).toEqual([]);
    expect(await t.prisma.enrollment.count({ where: { flowId } })).toBe(5);
  });
});
