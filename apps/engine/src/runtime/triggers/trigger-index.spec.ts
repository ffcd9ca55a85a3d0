import { exampleRetentionFlow, type FlowDefinition, type TriggerSource } from '@retain/rules';
import { matchingFlows } from './event.trigger';
import { cronFiredBetween } from './schedule.trigger';
import { buildTriggerIndex, type PublishedVersion } from './trigger-index';

function withTrigger(source: TriggerSource, extra: Partial<FlowDefinition> = {}): FlowDefinition {
  const definition = structuredClone(exampleRetentionFlow);
  const trigger = definition.nodes.find((n) => n.type === 'trigger')!;
  if (trigger.type !== 'trigger') throw new Error('fixture changed');
  trigger.data.source = source;
  return { ...definition, ...extra };
}

const version = (flowId: number, definition: FlowDefinition, overrides: Partial<PublishedVersion> = {}): PublishedVersion => ({
  flowId,
  flowVersionId: flowId * 10,
  flowStatus: 'active',
  current: true,
  definition,
  ...overrides,
});

const event = (name: string, properties: Record<string, unknown> = {}) => ({ customerId: 1, name, properties, occurredAt: new Date('2026-01-05T09:00:00Z') });

describe('buildTriggerIndex', () => {
  it('indexes the current versions of active flows by segment, event name and schedule', () => {
    const index = buildTriggerIndex([
      version(1, withTrigger({ kind: 'segment-entered', segmentId: '7' })),
      version(2, withTrigger({ kind: 'segment-entered', segmentId: '7' })),
      version(3, withTrigger({ kind: 'event', eventName: 'cart_abandoned' })),
      version(4, withTrigger({ kind: 'schedule', cron: '0 9 * * 1', audienceSegmentId: '8' })),
      version(5, withTrigger({ kind: 'manual' })),
    ]);
    expect(index.segmentEntered.get(7)).toEqual([1, 2]);
    expect([...index.events.keys()]).toEqual(['cart_abandoned']);
    expect(index.events.get('cart_abandoned')![0].flowId).toBe(3);
    expect(index.schedules).toEqual([{ flowId: 4, cron: '0 9 * * 1', audienceSegmentId: 8 }]);
  });

  it('starts nothing from paused flows or from versions that are no longer current', () => {
    const index = buildTriggerIndex([
      version(1, withTrigger({ kind: 'segment-entered', segmentId: '7' }), { flowStatus: 'paused' }),
      version(2, withTrigger({ kind: 'event', eventName: 'signup' }), { current: false }),
      version(3, withTrigger({ kind: 'schedule', cron: '* * * * *', audienceSegmentId: '8' }), { flowStatus: 'archived' }),
    ]);
    expect(index.segmentEntered.size).toBe(0);
    expect(index.events.size).toBe(0);
    expect(index.schedules).toEqual([]);
  });

  it('collects goal and wait event names from every published version, current or not, running or not', () => {
    const waiting = withTrigger({ kind: 'manual' });
    waiting.nodes.push({ id: 'wait-open', type: 'wait', position: { x: 0, y: 0 }, data: { mode: 'event', eventName: 'email_opened', timeout: { amount: 2, unit: 'days' } } });
    const index = buildTriggerIndex([version(1, exampleRetentionFlow, { current: false, flowStatus: 'paused' }), version(2, waiting, { flowStatus: 'archived' })]);
    expect([...index.goalEventNames]).toEqual(['purchase']);
    expect([...index.waitEventNames]).toEqual(['email_opened']);
  });

  it('ignores a segment id that cannot name a segment', () => {
    expect(buildTriggerIndex([version(1, withTrigger({ kind: 'segment-entered', segmentId: 'at-risk' }))]).segmentEntered.size).toBe(0);
  });
});

describe('matchingFlows', () => {
  it('starts a flow on its event name, with its property condition over the event properties', () => {
    const index = buildTriggerIndex([
      version(1, withTrigger({ kind: 'event', eventName: 'order' })),
      version(2, withTrigger({ kind: 'event', eventName: 'order', condition: { all: [{ fact: 'amount', operator: 'greaterThan', value: 100 }] } })),
      version(3, withTrigger({ kind: 'event', eventName: 'order', condition: { any: [{ fact: 'coupon', operator: 'in', value: ['WELCOME', 'BACK'] }] } })),
    ]);
    expect(matchingFlows(index, event('order', { amount: 120 }))).toEqual([1, 2]);
    expect(matchingFlows(index, event('order', { amount: 80, coupon: 'BACK' }))).toEqual([1, 3]);
    expect(matchingFlows(index, event('order', {}))).toEqual([1]);
    expect(matchingFlows(index, event('refund', { amount: 500 }))).toEqual([]);
  });
});

describe('cronFiredBetween', () => {
  it('says whether a UTC cron occurrence falls after `since` and no later than `now`', () => {
    const monday9 = '0 9 * * 1';
    expect(cronFiredBetween(monday9, new Date('2026-01-05T08:59:50Z'), new Date('2026-01-05T09:00:00Z'))).toBe(true); // Monday
    expect(cronFiredBetween(monday9, new Date('2026-01-05T09:00:00Z'), new Date('2026-01-05T09:00:10Z'))).toBe(false);
    expect(cronFiredBetween(monday9, new Date('2026-01-06T08:59:50Z'), new Date('2026-01-06T09:00:10Z'))).toBe(false); // Tuesday
    expect(cronFiredBetween('*/15 * * * *', new Date('2026-01-06T10:01:00Z'), new Date('2026-01-06T10:14:59Z'))).toBe(false);
    expect(cronFiredBetween('*/15 * * * *', new Date('2026-01-06T10:01:00Z'), new Date('2026-01-06T10:15:00Z'))).toBe(true);
  });
});
