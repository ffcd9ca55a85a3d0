import { assignVariant } from '../ab/assign-variant';
import { exampleRetentionFlow } from '../flow/example-retention-flow';
import { FLOW_SCHEMA_VERSION, type FlowDefinition } from '../flow/flow-schema';
import { step } from './step';
import { type CustomerFacts, StepError, type StepResult } from './step-types';

const now = new Date('2024-06-01T09:00:00Z');
const DAY = 86_400_000;
const variants = [
  { id: 'A', weight: 50 },
  { id: 'B', weight: 50 },
];

/** The first customer ids the A/B split sends to each arm. */
function customerInArm(arm: 'A' | 'B'): string {
  for (let i = 0; ; i++) if (assignVariant('win-back-offer-2024', `cust-${i}`, variants).id === arm) return `cust-${i}`;
}

/** Walks a customer through the flow from the trigger, as the engine would, recording each step. */
function walk(flow: FlowDefinition, facts: CustomerFacts, customerId: string): Array<{ at: string; result: StepResult }> {
  const trail: Array<{ at: string; result: StepResult }> = [];
  let at = flow.nodes.find((node) => node.type === 'trigger')!.id;
  let clock = now;
  for (let guard = 0; guard < 50; guard++) {
    const result = step(flow, at, facts, clock, { customerId });
    trail.push({ at, result });
    if (result.kind === 'transition') at = result.to;
    else if (result.kind === 'action') at = result.then;
    else if (result.kind === 'wait') [at, clock] = [result.then, result.until];
    else if (result.kind === 'waitForEvent') at = result.onTimeout;
    else return trail;
  }
  throw new Error('walk did not end');
}

describe('step, walking the example retention flow', () => {
  const atRisk = { segments: ['at-risk'], scores: { churn: 0.82 } };

  it('arm A: risk ≥ 0.6 → A → "We miss you" email → wait 3 days → goal: purchase within 7 days', () => {
    const trail = walk(exampleRetentionFlow, atRisk, customerInArm('A'));
    expect(trail.map((entry) => entry.at)).toEqual(['trigger', 'risk', 'split', 'email-miss-you', 'wait-3-days', 'goal-purchase']);
    expect(trail[1].result).toEqual({ kind: 'transition', to: 'split', handle: 'above' });
    expect(trail[2].result).toEqual({ kind: 'transition', to: 'email-miss-you', handle: 'A', experiment: { experimentKey: 'win-back-offer-2024', variantId: 'A' } });
    expect(trail[3].result).toMatchObject({ kind: 'action', action: { type: 'email', nodeId: 'email-miss-you', content: { subject: 'We miss you' } }, then: 'wait-3-days' });
    expect(trail[4].result).toEqual({ kind: 'wait', until: new Date(now.getTime() + 3 * DAY), then: 'goal-purchase' });
    expect(trail[5].result).toEqual({ kind: 'goal', eventName: 'purchase', within: { amount: 7, unit: 'days' }, deadline: new Date(now.getTime() + 10 * DAY) });
  });

  it('arm B: 15 % offer, then an email carrying the code, then the same wait and goal', () => {
    const trail = walk(exampleRetentionFlow, atRisk, customerInArm('B'));
    expect(trail.map((entry) => entry.at)).toEqual(['trigger', 'risk', 'split', 'offer-15', 'email-offer-code', 'wait-3-days', 'goal-purchase']);
    expect(trail[3].result).toEqual({
      kind: 'action',
      action: { type: 'offer', nodeId: 'offer-15', label: '15 % off', kind: 'percent', value: 15, expiryDays: 14, codePrefix: 'COMEBACK' },
      then: 'email-offer-code',
    });
    const email = trail[4].result;
    expect(email.kind === 'action' && email.action.type === 'email' && email.action.content.source === 'inline' && email.action.content.body).toContain('{{ offer.code }}');
  });

  it('a customer under the threshold, or not scored yet, leaves through the exit', () => {
    for (const facts of [{ scores: { churn: 0.59 } }, { scores: {} }, {}, { scores: { churn: 'high' } }, { scores: null }]) {
      const trail = walk(exampleRetentionFlow, facts, 'cust-1');
      expect(trail.map((entry) => entry.at)).toEqual(['trigger', 'risk', 'exit-low-risk']);
      expect(trail[1].result).toEqual({ kind: 'transition', to: 'exit-low-risk', handle: 'below' });
      expect(trail[2].result).toEqual({ kind: 'exit', reason: 'Churn risk below 0.6' });
    }
  });

  it('the threshold is inclusive for gte', () => {
    expect(step(exampleRetentionFlow, 'risk', { scores: { churn: 0.6 } }, now, { customerId: 'c' })).toMatchObject({ handle: 'above' });
  });

  it('splits customers roughly 50/50 and always the same way', () => {
    const arms = Array.from({ length: 2000 }, (_, i) => step(exampleRetentionFlow, 'split', atRisk, now, { customerId: `c${i}` }));
    const inA = arms.filter((result) => result.kind === 'transition' && result.handle === 'A').length;
    expect(inA).toBeGreaterThan(900);
    expect(inA).toBeLessThan(1100);
    expect(step(exampleRetentionFlow, 'split', atRisk, new Date(0), { customerId: 'c7' })).toEqual(arms[7]);
  });
});

describe('step, other node kinds', () => {
  const flow: FlowDefinition = {
    schemaVersion: FLOW_SCHEMA_VERSION,
    nodes: [
      { id: 't', type: 'trigger', position: { x: 0, y: 0 }, data: { source: { kind: 'event', eventName: 'cart_abandoned' }, reEntry: { policy: 'after-exit' } } },
      {
        id: 'f',
        type: 'segmentFilter',
        position: { x: 0, y: 0 },
        data: { condition: { all: [{ fact: 'segments', operator: 'inSegment', value: 'vip' }, { fact: 'lastPurchaseAt', operator: 'daysAgoGreaterThan', value: 30 }] } },
      },
      { id: 'w', type: 'wait', position: { x: 0, y: 0 }, data: { mode: 'event', eventName: 'purchase', timeout: { amount: 48, unit: 'hours' } } },
      { id: 'h', type: 'webhook', position: { x: 0, y: 0 }, data: { url: 'https://hooks.example/crm', method: 'POST', headers: {}, bodyTemplate: '{}' } },
      { id: 'x', type: 'exit', position: { x: 0, y: 0 }, data: {} },
    ],
    edges: [
      { id: 'e1', source: 't', sourceHandle: 'next', target: 'f' },
      { id: 'e2', source: 'f', sourceHandle: 'match', target: 'w' },
      { id: 'e3', source: 'f', sourceHandle: 'else', target: 'x' },
      { id: 'e4', source: 'w', sourceHandle: 'event', target: 'x' },
      { id: 'e5', source: 'w', sourceHandle: 'timeout', target: 'h' },
      { id: 'e6', source: 'h', sourceHandle: 'next', target: 'x' },
    ],
  };
  const context = { customerId: 'c1' };

  it('a segment filter uses the compiled condition, with dates relative to `now`', () => {
    const facts = { segments: ['vip'], lastPurchaseAt: '2024-04-15T00:00:00Z' };
    expect(step(flow, 'f', facts, now, context)).toEqual({ kind: 'transition', to: 'w', handle: 'match' });
    expect(step(flow, 'f', facts, new Date('2024-05-01T00:00:00Z'), context)).toEqual({ kind: 'transition', to: 'x', handle: 'else' });
    expect(step(flow, 'f', { lastPurchaseAt: '2024-04-15T00:00:00Z' }, now, context)).toEqual({ kind: 'transition', to: 'x', handle: 'else' });
  });

  it('a wait for an event gives both ways on', () => {
    expect(step(flow, 'w', {}, now, context)).toEqual({ kind: 'waitForEvent', eventName: 'purchase', timeoutAt: new Date(now.getTime() + 2 * DAY), onEvent: 'x', onTimeout: 'h' });
  });

  it('a webhook is an action', () => {
    expect(step(flow, 'h', {}, now, context)).toEqual({
      kind: 'action',
      action: { type: 'webhook', nodeId: 'h', url: 'https://hooks.example/crm', method: 'POST', headers: {}, bodyTemplate: '{}' },
      then: 'x',
    });
    expect(step(flow, 'x', {}, now, context)).toEqual({ kind: 'exit' });
  });

  it('refuses an unknown node or an unconnected output', () => {
    expect(() => step(flow, 'nope', {}, now, context)).toThrow(expect.objectContaining({ code: 'NODE_NOT_FOUND' }));
    const broken = { ...flow, edges: flow.edges.filter((edge) => edge.id !== 'e3') };
    expect(() => step(broken, 'f', {}, now, context)).toThrow(StepError);
  });
});
