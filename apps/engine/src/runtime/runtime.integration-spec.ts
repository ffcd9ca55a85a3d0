// The runtime core on the real PostgreSQL with the real channels (email to an SMTP server in the
// test process, offers in the database): enrollment, batched stepping, A/B arms, waits, goals,
// deferred actions, broken versions and re-entry, with a TestClock instead of sleeping.
import { startSmtpTestServer, type SmtpTestServer } from '../channels/testing/smtp-test-server';
import { startTestApp, type TestApp } from '../testing/test-app';
import { EnrollmentsService } from './enrollments/enrollments.service';
import { StepRunner } from './stepping/step-runner.service';
import { emailNode, flow, manualTrigger, runtimeKit, type RuntimeKit } from './testing/runtime-test-kit';

const DAY = 86_400_000;

describe('runtime core', () => {
  let t: TestApp;
  let smtp: SmtpTestServer;
  let kit: RuntimeKit;
  let enrollments: EnrollmentsService;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    t = await startTestApp({ SMTP_URL: smtp.url, RETAIN_QUIET_HOURS: '21:00-08:00', RETAIN_RECONCILE_INTERVAL_MS: '3600000', RETAIN_RUNTIME_BATCH_SIZE: '25' });
    kit = runtimeKit(t);
    enrollments = t.app.get(EnrollmentsService);
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });
  beforeEach(() => smtp.clear());

  const rowsOf = (flowId: number) => t.prisma.enrollment.findMany({ where: { flowId }, orderBy: { customerId: 'asc' } });
  const outcomesOf = (flowId: number) => t.prisma.flowOutcome.findMany({ where: { flowId }, orderBy: { id: 'asc' } });
  const count = (rows: Array<{ kind: string; nodeId: string }>, kind: string, nodeId?: string) => rows.filter((o) => o.kind === kind && (!nodeId || o.nodeId === nodeId)).length;

  it('walks trigger → filter → A/B → email or offer + email → wait → goal with the test clock', async () => {
    const definition = flow(
      [
        manualTrigger(),
        { id: 'uk', type: 'segmentFilter', data: { condition: { all: [{ fact: 'country', operator: 'equal', value: 'United Kingdom' }] } } },
        { id: 'split', type: 'abSplit', data: { experimentKey: 'runtime-core-test', variants: [{ id: 'A', label: 'A', weight: 50 }, { id: 'B', label: 'B', weight: 50 }] } },
        emailNode('email-a'),
        { id: 'offer-b', type: 'offer', data: { kind: 'percent', value: 10, expiryDays: 14, codePrefix: 'BACK' } },
        emailNode('email-b', 'Your code {{ offer.code }}'),
        { id: 'wait', type: 'wait', data: { mode: 'duration', duration: { amount: 2, unit: 'days' } } },
        { id: 'goal', type: 'goal', data: { eventName: 'purchase', within: { amount: 5, unit: 'days' } } },
        { id: 'not-uk', type: 'exit', data: { reason: 'outside the UK' } },
      ],
      [
        ['trigger', 'next', 'uk'],
        ['uk', 'match', 'split'],
        ['uk', 'else', 'not-uk'],
        ['split', 'A', 'email-a'],
        ['split', 'B', 'offer-b'],
        ['offer-b', 'next', 'email-b'],
        ['email-a', 'next', 'wait'],
        ['email-b', 'next', 'wait'],
        ['wait', 'next', 'goal'],
      ],
    );
    const { flowId } = await kit.publishFlow(definition);
    const uk = await kit.customers(30);
    const fr = await kit.customers(5, { country: 'France' });
    const entered = kit.clock.now();

    const result = await enrollments.enroll({ flowId, customerIds: [...uk, ...fr], source: 'manual' });
    expect(result).toEqual({ enrolled: 35, skipped: [] });
    await kit.drain();

    let rows = await rowsOf(flowId);
    const byCustomer = new Map(rows.map((row) => [row.customerId, row]));
    for (const id of fr) expect(byCustomer.get(id)).toMatchObject({ status: 'exited', currentNodeId: 'not-uk', nextDueAt: null, path: ['trigger', 'uk', 'not-uk'] });
    const arms = { A: 0, B: 0 };
    for (const id of uk) {
      const row = byCustomer.get(id)!;
      const arm = (row.variants as Record<string, 'A' | 'B'>)['runtime-core-test'];
      arms[arm]++;
      expect(row).toMatchObject({ status: 'waiting', currentNodeId: 'wait', nextDueAt: new Date(entered.getTime() + 2 * DAY), finishedAt: null });
      expect(row.path).toEqual(arm === 'A' ? ['trigger', 'uk', 'split', 'email-a', 'wait'] : ['trigger', 'uk', 'split', 'offer-b', 'email-b', 'wait']);
    }
    expect(arms.A).toBeGreaterThan(5);
    expect(arms.B).toBeGreaterThan(5);
    // one email per UK customer; arm B's carries the offer code the offer step issued
    const mails = await smtp.waitFor(30);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.messages).toHaveLength(30);
    expect(mails.filter((mail) => /^Your code BACK/.test(mail.subject))).toHaveLength(arms.B);

    let outcomes = await outcomesOf(flowId);
    expect(count(outcomes, 'entered', 'trigger')).toBe(35);
    expect(count(outcomes, 'exited', 'not-uk')).toBe(5);
    expect(count(outcomes, 'sent', 'email-a')).toBe(arms.A);
    expect(count(outcomes, 'sent', 'offer-b')).toBe(arms.B);
    expect(count(outcomes, 'sent', 'email-b')).toBe(arms.B);
    expect(count(outcomes, 'waiting', 'wait')).toBe(30);
    // outcomes after the split carry the arm
    for (const o of outcomes.filter((o) => o.kind === 'sent')) {
      expect(o.experimentKey).toBe('runtime-core-test');
      expect(o.variantId).toBe(o.nodeId === 'email-a' ? 'A' : 'B');
    }
    expect(outcomes.filter((o) => o.nodeId === 'trigger').every((o) => o.variantId === null)).toBe(true);
    // exposures: the split's "entered" rows carry the arm (what the experiments read)
    const exposures = outcomes.filter((o) => o.nodeId === 'split' && o.kind === 'entered');
    expect(exposures.filter((o) => o.variantId === 'A' && o.experimentKey === 'runtime-core-test')).toHaveLength(arms.A);
    expect(exposures.filter((o) => o.variantId === 'B' && o.experimentKey === 'runtime-core-test')).toHaveLength(arms.B);

    // nothing happens before the wait is over
    kit.clock.advance(2 * DAY - 60_000);
    await kit.drain();
    expect((await rowsOf(flowId)).filter((row) => row.currentNodeId === 'wait')).toHaveLength(30);

    kit.clock.advance(60_000);
    await kit.drain();
    rows = await rowsOf(flowId);
    const atGoal = rows.filter((row) => row.currentNodeId === 'goal');
    expect(atGoal).toHaveLength(30);
    const deadline = new Date(entered.getTime() + 7 * DAY);
    for (const row of atGoal) expect(row).toMatchObject({ status: 'waiting', nextDueAt: deadline, goal: { eventName: 'purchase', deadline: deadline.toISOString() } });

    // a purchase dated before the customer reached the goal (a late, back-dated track) does not count
    expect(await enrollments.recordGoalEvent(uk[0], 'purchase', new Date(kit.clock.now().getTime() - DAY))).toBe(0);
    // a purchase before the deadline reaches the goal; other events and other customers do not
    expect(await enrollments.recordGoalEvent(uk[0], 'purchase', kit.clock.advance(DAY))).toBe(1);
    expect(await enrollments.recordGoalEvent(uk[0], 'purchase', kit.clock.now())).toBe(0);
    expect(await enrollments.recordGoalEvent(uk[1], 'page_view', kit.clock.now())).toBe(0);
    expect(await enrollments.recordGoalEvent(fr[0], 'purchase', kit.clock.now())).toBe(0);

    kit.clock.set(new Date(deadline.getTime() + 1000));
    expect(await enrollments.recordGoalEvent(uk[1], 'purchase', kit.clock.now())).toBe(0);
    await kit.drain();
    rows = await rowsOf(flowId);
    expect(rows.filter((row) => row.status === 'completed')).toHaveLength(30);
    expect(rows.filter((row) => row.nextDueAt !== null)).toHaveLength(0);
    outcomes = await outcomesOf(flowId);
    expect(count(outcomes, 'goal-reached', 'goal')).toBe(1);
    expect(outcomes.find((o) => o.kind === 'goal-reached')).toMatchObject({ customerId: uk[0], experimentKey: 'runtime-core-test' });
    expect(count(outcomes, 'goal-missed', 'goal')).toBe(29);
    expect(count(outcomes, 'completed', 'goal')).toBe(30);
  });

  it('three workers claiming the same due batches at once never step an enrollment twice', async () => {
    const { flowId, versionId } = await kit.publishFlow(flow([manualTrigger(), emailNode('hello'), { id: 'done', type: 'exit', data: {} }], [
      ['trigger', 'next', 'hello'],
      ['hello', 'next', 'done'],
    ]));
    const customers = await kit.customers(120);
    // entered in the future: the enqueued jobs find nothing due yet
    await enrollments.enroll({ flowId, customerIds: customers, source: 'manual', at: new Date(kit.clock.now().getTime() + 60_000) });
    await kit.drain();
    expect((await rowsOf(flowId)).every((row) => row.status === 'active' && row.currentNodeId === 'trigger')).toBe(true);

    kit.clock.advance(60_000);
    const runner = t.app.get(StepRunner);
    const reports = await Promise.all([runner.advanceDue(versionId), runner.advanceDue(versionId), runner.advanceDue(versionId)]);
    expect(reports.reduce((sum, report) => sum + report.advanced, 0)).toBe(120);
    const outcomes = await outcomesOf(flowId);
    expect(count(outcomes, 'sent', 'hello')).toBe(120);
    expect(count(outcomes, 'duplicate', 'hello')).toBe(0);
    expect(count(outcomes, 'exited', 'done')).toBe(120);
    expect(new Set(outcomes.filter((o) => o.kind === 'sent').map((o) => o.customerId)).size).toBe(120);
    await smtp.waitFor(120);
    expect(await t.prisma.delivery.count({ where: { enrollmentId: { in: (await rowsOf(flowId)).map((row) => row.id) } } })).toBe(120);
  });

  it('an action deferred by quiet hours waits until they end, then is performed', async () => {
    const { flowId } = await kit.publishFlow(flow([manualTrigger(), emailNode('late'), { id: 'done', type: 'exit', data: {} }], [
      ['trigger', 'next', 'late'],
      ['late', 'next', 'done'],
    ]));
    const [customer] = await kit.customers(1, { timeZone: 'UTC' });
    kit.clock.set('2026-02-02T22:30:00Z');
    await enrollments.enroll({ flowId, customerIds: [customer], source: 'manual' });
    await kit.drain();
    let [row] = await rowsOf(flowId);
    expect(row).toMatchObject({ status: 'active', currentNodeId: 'late', nextDueAt: new Date('2026-02-03T08:00:00Z') });
    expect((await outcomesOf(flowId)).map((o) => o.kind)).toEqual(['entered', 'entered', 'deferred']);
    expect(smtp.messages).toHaveLength(0);

    kit.clock.set('2026-02-03T07:59:00Z');
    await kit.drain();
    expect(smtp.messages).toHaveLength(0);
    kit.clock.set('2026-02-03T08:00:30Z');
    await kit.drain();
    [row] = await rowsOf(flowId);
    expect(row).toMatchObject({ status: 'exited', currentNodeId: 'done', path: ['trigger', 'late', 'done'] });
    expect((await outcomesOf(flowId)).map((o) => o.kind)).toEqual(['entered', 'entered', 'deferred', 'sent', 'entered', 'exited']);
    await smtp.waitFor(1);
  });

  it('a wait for an event goes on along "event" when it comes, and along "timeout" when it does not', async () => {
    const { flowId } = await kit.publishFlow(flow(
      [
        manualTrigger(),
        { id: 'wait-open', type: 'wait', data: { mode: 'event', eventName: 'app_opened', timeout: { amount: 1, unit: 'days' } } },
        { id: 'came-back', type: 'exit', data: { reason: 'came back' } },
        emailNode('nudge'),
        { id: 'nudged', type: 'exit', data: {} },
      ],
      [
        ['trigger', 'next', 'wait-open'],
        ['wait-open', 'event', 'came-back'],
        ['wait-open', 'timeout', 'nudge'],
        ['nudge', 'next', 'nudged'],
      ],
    ));
    kit.clock.set('2026-03-02T10:00:00Z');
    const [opens, silent] = await kit.customers(2);
    await enrollments.enroll({ flowId, customerIds: [opens, silent], source: 'manual' });
    await kit.drain();
    for (const row of await rowsOf(flowId)) {
      expect(row).toMatchObject({ status: 'waiting', currentNodeId: 'wait-open', waitEventName: 'app_opened', nextDueAt: new Date('2026-03-03T10:00:00Z') });
    }

    expect(await enrollments.resumeWaitingForEvent(opens, 'purchase', kit.clock.advance(3_600_000))).toBe(0);
    expect(await enrollments.resumeWaitingForEvent(opens, 'app_opened', kit.clock.now())).toBe(1);
    expect(await enrollments.resumeWaitingForEvent(opens, 'app_opened', kit.clock.now())).toBe(0);
    // resumed: active again (or already stepped on by the in-process worker, which the next lines wait for)
    await kit.drain();
    const opened = (await rowsOf(flowId)).find((row) => row.customerId === opens)!;
    expect(opened).toMatchObject({ status: 'exited', currentNodeId: 'came-back', waitEventName: null, path: ['trigger', 'wait-open', 'came-back'] });

    kit.clock.set('2026-03-03T10:00:01Z');
    // too late: the event after the timeout resumes nothing
    expect(await enrollments.resumeWaitingForEvent(silent, 'app_opened', kit.clock.now())).toBe(0);
    await kit.drain();
    const timedOut = (await rowsOf(flowId)).find((row) => row.customerId === silent)!;
    expect(timedOut).toMatchObject({ status: 'exited', currentNodeId: 'nudged', path: ['trigger', 'wait-open', 'nudge', 'nudged'] });
    const outcomes = await outcomesOf(flowId);
    expect(outcomes.filter((o) => o.customerId === opens).map((o) => `${o.nodeId}:${o.kind}`)).toEqual([
      'trigger:entered', 'wait-open:entered', 'wait-open:waiting', 'wait-open:resumed', 'came-back:entered', 'came-back:exited',
    ]);
    expect(outcomes.filter((o) => o.customerId === silent).map((o) => `${o.nodeId}:${o.kind}`)).toEqual([
      'trigger:entered', 'wait-open:entered', 'wait-open:waiting', 'wait-open:timed-out', 'nudge:entered', 'nudge:sent', 'nudged:entered', 'nudged:exited',
    ]);
  });

  it('a broken version fails its enrollments with the reason, and the others go on', async () => {
    const broken = await kit.publishFlow(flow([manualTrigger(), emailNode('orphan')], [['trigger', 'next', 'orphan']]));
    const healthy = await kit.publishFlow(flow([manualTrigger(), { id: 'bye', type: 'exit', data: {} }], [['trigger', 'next', 'bye']]));
    const [a, b] = await kit.customers(2);
    await enrollments.enroll({ flowId: broken.flowId, customerIds: [a, b], source: 'manual' });
    await enrollments.enroll({ flowId: healthy.flowId, customerIds: [a], source: 'manual' });
    await kit.drain();
    for (const row of await rowsOf(broken.flowId)) {
      expect(row).toMatchObject({ status: 'failed', currentNodeId: 'orphan', nextDueAt: null, lastError: 'Output "next" of node "orphan" is not connected' });
      expect(row.finishedAt).not.toBeNull();
    }
    expect((await outcomesOf(broken.flowId)).filter((o) => o.kind === 'failed').map((o) => o.detail)).toEqual([
      { error: 'OUTPUT_NOT_CONNECTED', message: 'Output "next" of node "orphan" is not connected' },
      { error: 'OUTPUT_NOT_CONNECTED', message: 'Output "next" of node "orphan" is not connected' },
    ]);
    // the step function refuses the email node itself (its output leads nowhere): nothing is sent
    expect(smtp.messages).toHaveLength(0);
    expect((await rowsOf(healthy.flowId))[0]).toMatchObject({ status: 'exited' });
  });

  it('live counts per node and a customer\'s journeys, over HTTP with read access', async () => {
    const { flowId, versionId } = await kit.publishFlow(flow(
      [manualTrigger(), emailNode('hi'), { id: 'pause', type: 'wait', data: { mode: 'duration', duration: { amount: 1, unit: 'days' } } }, { id: 'end', type: 'exit', data: {} }],
      [
        ['trigger', 'next', 'hi'],
        ['hi', 'next', 'pause'],
        ['pause', 'next', 'end'],
      ],
    ));
    const customers = await kit.customers(4);
    await enrollments.enroll({ flowId, customerIds: customers.slice(0, 3), source: 'manual' });
    await kit.drain();
    kit.clock.advance(DAY);
    await enrollments.enroll({ flowId, customerIds: [customers[3]], source: 'manual' });
    await kit.drain();

    const analyst = await t.tokenFor('analyst');
    expect((await t.request('GET', `/api/flows/${flowId}/live`)).status).toBe(401);
    const live = await t.request('GET', `/api/flows/${flowId}/live`, { auth: analyst });
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({
      flowId,
      versions: [{ versionId, version: 1, current: true, enrolled: 4, waiting: 1, exited: 3, active: 0, completed: 0, failed: 0 }],
      totals: { enrolled: 4, entered: 4, waiting: 1, exited: 3, sent: 4 },
      nodes: {
        trigger: { entered: 4 },
        hi: { entered: 4, sent: 4, failed: 0 },
        pause: { entered: 4, waiting: 1 },
        end: { entered: 3, exited: 3 },
      },
    });
    expect(live.body.updatedAt).toBe(kit.clock.now().toISOString());
    expect((await t.request('GET', '/api/flows/999999/live', { auth: analyst })).status).toBe(404);
    expect((await t.request('GET', '/api/flows/abc/live', { auth: analyst })).status).toBe(400);

    const journeys = await t.request('GET', `/api/customers/${customers[0]}/journeys`, { auth: analyst });
    expect(journeys.status).toBe(200);
    expect(journeys.body.items).toHaveLength(1);
    expect(journeys.body.items[0]).toMatchObject({ flowId, flowVersionId: versionId, version: 1, status: 'exited', currentNodeId: 'end', path: ['trigger', 'hi', 'pause', 'end'], source: 'manual' });
    expect(journeys.body.items[0].outcomes.map((o: { nodeId: string; kind: string }) => `${o.nodeId}:${o.kind}`)).toEqual([
      'trigger:entered', 'hi:entered', 'hi:sent', 'pause:entered', 'pause:waiting', 'end:entered', 'end:exited',
    ]);
    expect((await t.request('GET', '/api/customers/2000000000/journeys', { auth: analyst })).status).toBe(404);
  });

  describe('re-entry', () => {
    const exitAtOnce = (reEntry: Parameters<typeof manualTrigger>[0]) => flow([manualTrigger(reEntry), { id: 'out', type: 'exit', data: {} }], [['trigger', 'next', 'out']]);

    it('never: a customer goes through once', async () => {
      const { flowId } = await kit.publishFlow(exitAtOnce({ policy: 'never' }));
      const [c] = await kit.customers(1);
      expect(await enrollments.enroll({ flowId, customerIds: [c], source: 'manual' })).toEqual({ enrolled: 1, skipped: [] });
      await kit.drain();
      kit.clock.advance(400 * DAY);
      expect(await enrollments.enroll({ flowId, customerIds: [c], source: 'manual' })).toEqual({ enrolled: 0, skipped: [{ customerId: c, reason: 're-entry' }] });
    });

    it('after-exit: again once they have left, never twice at the same time', async () => {
      const { flowId } = await kit.publishFlow(flow([manualTrigger({ policy: 'after-exit' }), { id: 'w', type: 'wait', data: { mode: 'duration', duration: { amount: 1, unit: 'hours' } } }, { id: 'out', type: 'exit', data: {} }], [
        ['trigger', 'next', 'w'],
        ['w', 'next', 'out'],
      ]));
      const [c] = await kit.customers(1);
      expect((await enrollments.enroll({ flowId, customerIds: [c, c], source: 'event' })).enrolled).toBe(1);
      await kit.drain();
      expect(await enrollments.enroll({ flowId, customerIds: [c], source: 'event' })).toEqual({ enrolled: 0, skipped: [{ customerId: c, reason: 'already-enrolled' }] });
      kit.clock.advance(3_600_000);
      await kit.drain();
      expect(await enrollments.enroll({ flowId, customerIds: [c], source: 'event' })).toEqual({ enrolled: 1, skipped: [] });
      expect(await t.prisma.enrollment.count({ where: { flowId, customerId: c } })).toBe(2);
    });

    it('after-days: again once N days have passed since they left', async () => {
      const { flowId } = await kit.publishFlow(exitAtOnce({ policy: 'after-days', days: 3 }));
      const [c] = await kit.customers(1);
      await enrollments.enroll({ flowId, customerIds: [c], source: 'schedule' });
      await kit.drain();
      kit.clock.advance(3 * DAY - 60_000);
      expect(await enrollments.enroll({ flowId, customerIds: [c], source: 'schedule' })).toEqual({ enrolled: 0, skipped: [{ customerId: c, reason: 're-entry' }] });
      kit.clock.advance(120_000);
      expect(await enrollments.enroll({ flowId, customerIds: [c], source: 'schedule' })).toEqual({ enrolled: 1, skipped: [] });
    });

    it('unknown customers and flows that are not active are reported, not enrolled', async () => {
      const { flowId } = await kit.publishFlow(exitAtOnce({ policy: 'after-exit' }));
      const [c] = await kit.customers(1);
      expect(await enrollments.enroll({ flowId, customerIds: [c, 2_000_000_000, -1], source: 'manual' })).toEqual({
        enrolled: 1,
        skipped: expect.arrayContaining([
          { customerId: 2_000_000_000, reason: 'unknown-customer' },
          { customerId: -1, reason: 'unknown-customer' },
        ]),
      });
      const paused = await kit.publishFlow(exitAtOnce({ policy: 'after-exit' }), { status: 'paused' });
      expect(await enrollments.enroll({ flowId: paused.flowId, customerIds: [c], source: 'manual' })).toEqual({ enrolled: 0, skipped: [{ customerId: c, reason: 'not-active' }] });
      await expect(enrollments.enroll({ flowId: 999_999, customerIds: [c], source: 'manual' })).rejects.toThrow(/does not exist/);
    });
  });
});
