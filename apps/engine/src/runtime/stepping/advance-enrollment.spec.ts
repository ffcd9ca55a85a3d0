// The pure part of stepping. Actions here go to a scripted performer (a function argument of
// advanceEnrollment) because these cases are about the runtime's reaction to each outcome; the
// integration spec runs the same code with the real channels.
import { FLOW_SCHEMA_VERSION, type FlowDefinition, type FlowNode } from '@retain/rules';
import type { ActionOutcome } from '../../channels/action-contract';
import { actionRetryDelayMs, advanceEnrollment, currentArm, type PerformAction } from './advance-enrollment';
import type { ClaimedEnrollment } from './enrollment-state';

const now = new Date('2026-01-05T09:00:00Z');

function definition(nodes: Array<Omit<FlowNode, 'position'>>, edges: Array<[string, string, string]>): FlowDefinition {
  return {
    schemaVersion: FLOW_SCHEMA_VERSION,
    nodes: nodes.map((node) => ({ ...node, position: { x: 0, y: 0 } })) as FlowNode[],
    edges: edges.map(([source, sourceHandle, target], i) => ({ id: `e${i}`, source, sourceHandle, target })),
  };
}

const trigger = { id: 't', type: 'trigger', data: { source: { kind: 'manual' }, reEntry: { policy: 'never' } } } as const;
const email = { id: 'mail', type: 'email', data: { content: { source: 'inline', subject: 's', body: 'b' }, from: { email: 'a@b.example' } } } as const;
const exit = { id: 'x', type: 'exit', data: {} } as const;
const mailFlow = definition([trigger, email, exit], [
  ['t', 'next', 'mail'],
  ['mail', 'next', 'x'],
]);

function enrollment(overrides: Partial<ClaimedEnrollment> = {}): ClaimedEnrollment {
  return { id: '7', flowId: 1, flowVersionId: 2, customerId: 3, status: 'active', currentNodeId: 't', wait: null, goal: null, variants: {}, path: ['t'], attempts: 0, ...overrides };
}

/** Answers each perform call with the next scripted outcome (or throws it, if it is an Error). */
function scripted(...answers: Array<ActionOutcome | Error>): PerformAction & { calls: number } {
  const perform = Object.assign(
    async () => {
      const answer = answers[perform.calls++];
      if (answer instanceof Error) throw answer;
      return answer;
    },
    { calls: 0 },
  );
  return perform;
}

describe('advanceEnrollment (scripted channel outcomes)', () => {
  it('a skipped or failed action is recorded and the journey goes on', async () => {
    for (const outcome of [{ status: 'skipped', reason: 'no-consent', message: 'no consent' }, { status: 'failed', message: 'SMTP said no' }] as const) {
      const { update, outcomes } = await advanceEnrollment(enrollment(), mailFlow, {}, now, scripted(outcome));
      expect(update).toMatchObject({ status: 'exited', currentNodeId: 'x', finishedAt: now, path: ['t', 'mail', 'x'] });
      expect(outcomes.map((o) => `${o.nodeId}:${o.kind}`)).toEqual(['mail:entered', `mail:${outcome.status}`, 'x:entered', 'x:exited']);
    }
  });

  it('an action that throws is tried again later with backoff, and fails the enrollment after the last attempt', async () => {
    const first = await advanceEnrollment(enrollment(), mailFlow, {}, now, scripted(new Error('database went away')), { maxActionAttempts: 3 });
    expect(first.update).toMatchObject({ status: 'active', currentNodeId: 'mail', attempts: 1, lastError: 'database went away', nextDueAt: new Date(now.getTime() + 30_000), finishedAt: null });
    const second = await advanceEnrollment(enrollment({ currentNodeId: 'mail', path: ['t', 'mail'], attempts: 1 }), mailFlow, {}, now, scripted(new Error('again')), { maxActionAttempts: 3 });
    expect(second.update).toMatchObject({ attempts: 2, nextDueAt: new Date(now.getTime() + 60_000) });
    expect(second.outcomes).toEqual([]);
    const last = await advanceEnrollment(enrollment({ currentNodeId: 'mail', path: ['t', 'mail'], attempts: 2 }), mailFlow, {}, now, scripted(new Error('still')), { maxActionAttempts: 3 });
    expect(last.update).toMatchObject({ status: 'failed', finishedAt: now, lastError: 'The email step failed 3 times: still' });
    expect(last.outcomes.map((o) => o.kind)).toEqual(['failed']);
    const recovered = await advanceEnrollment(enrollment({ currentNodeId: 'mail', path: ['t', 'mail'], attempts: 2 }), mailFlow, {}, now, scripted({ status: 'sent', deliveryId: 9 }));
    expect(recovered.update).toMatchObject({ status: 'exited', attempts: 0, lastError: null });
  });

  it('retry delays double from 30 s and stop growing at an hour', () => {
    expect([1, 2, 3, 4].map(actionRetryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(actionRetryDelayMs(30)).toBe(3_600_000);
  });

  it('a flow that loops without a wait is stopped, not run forever', async () => {
    const loop = definition(
      [trigger, { id: 'a', type: 'segmentFilter', data: { condition: { all: [] } } }, { id: 'b', type: 'segmentFilter', data: { condition: { all: [] } } }],
      [
        ['t', 'next', 'a'],
        ['a', 'match', 'b'],
        ['a', 'else', 'b'],
        ['b', 'match', 'a'],
        ['b', 'else', 'a'],
      ],
    );
    const { update, outcomes } = await advanceEnrollment(enrollment(), loop, {}, now, scripted(), { maxSteps: 20 });
    expect(update).toMatchObject({ status: 'failed', lastError: 'More than 20 steps without a wait, starting from "t"' });
    expect(outcomes.at(-1)).toMatchObject({ kind: 'failed', detail: { error: 'TOO_MANY_STEPS' } });
  });

  it('the arm chosen in an earlier run is carried by later outcomes', async () => {
    const split = definition(
      [
        trigger,
        { id: 's', type: 'abSplit', data: { experimentKey: 'exp', variants: [{ id: 'A', label: 'A', weight: 50 }, { id: 'B', label: 'B', weight: 50 }] } },
        { id: 'w', type: 'wait', data: { mode: 'duration', duration: { amount: 1, unit: 'days' } } },
        email,
        exit,
      ],
      [
        ['t', 'next', 's'],
        ['s', 'A', 'w'],
        ['s', 'B', 'w'],
        ['w', 'next', 'mail'],
        ['mail', 'next', 'x'],
      ],
    );
    const first = await advanceEnrollment(enrollment(), split, {}, now, scripted());
    const arm = first.update.variants.exp;
    expect(['A', 'B']).toContain(arm);
    expect(first.outcomes.find((o) => o.nodeId === 'w')).toMatchObject({ variantId: arm, experimentKey: 'exp' });
    // the split's own "entered" (the experiment's exposure) carries the arm; the trigger's does not
    expect(first.outcomes.find((o) => o.nodeId === 's')).toMatchObject({ kind: 'entered', variantId: arm, experimentKey: 'exp' });
    expect(first.outcomes.find((o) => o.nodeId === 't')).toBeUndefined();
    const later = { ...first.update, status: 'waiting' as const, wait: first.update.wait, goal: null };
    const perform = scripted({ status: 'sent', deliveryId: 1 });
    const second = await advanceEnrollment(enrollment(later), split, {}, new Date(now.getTime() + 86_400_000), perform);
    expect(second.outcomes.find((o) => o.kind === 'sent')).toMatchObject({ variantId: arm, experimentKey: 'exp' });
    expect(currentArm(split, second.update.path, second.update.variants)).toEqual({ variantId: arm, experimentKey: 'exp' });
  });

  it('an enrollment resumed by its event goes on along "event" in the next run, recording the node it reaches', async () => {
    const waitFlow = definition(
      [trigger, { id: 'w', type: 'wait', data: { mode: 'event', eventName: 'opened', timeout: { amount: 1, unit: 'days' } } }, exit, { id: 'late', type: 'exit', data: {} }],
      [
        ['t', 'next', 'w'],
        ['w', 'event', 'x'],
        ['w', 'timeout', 'late'],
      ],
    );
    const resumed = enrollment({ currentNodeId: 'w', path: ['t', 'w'], wait: { kind: 'resumed', eventName: 'opened', then: 'x' } });
    const { update, outcomes } = await advanceEnrollment(resumed, waitFlow, {}, now, scripted());
    expect(update).toMatchObject({ status: 'exited', currentNodeId: 'x', wait: null, path: ['t', 'w', 'x'] });
    expect(outcomes.map((o) => `${o.nodeId}:${o.kind}`)).toEqual(['x:entered', 'x:exited']);
  });

  it('a goal whose deadline passed completes as missed', async () => {
    const goalFlow = definition([trigger, { id: 'g', type: 'goal', data: { eventName: 'purchase', within: { amount: 1, unit: 'days' } } }], [['t', 'next', 'g']]);
    const { update } = await advanceEnrollment(enrollment(), goalFlow, {}, now, scripted());
    expect(update).toMatchObject({ status: 'waiting', currentNodeId: 'g', nextDueAt: new Date(now.getTime() + 86_400_000), goal: { eventName: 'purchase' } });
    const missed = await advanceEnrollment(enrollment({ ...update, status: 'waiting' }), goalFlow, {}, update.nextDueAt!, scripted());
    expect(missed.update).toMatchObject({ status: 'completed', finishedAt: update.nextDueAt });
    expect(missed.outcomes.map((o) => o.kind)).toEqual(['goal-missed', 'completed']);
  });
});
