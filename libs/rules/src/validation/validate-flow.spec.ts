import { exampleRetentionFlow } from '../flow/example-retention-flow';
import type { FlowDefinition } from '../flow/flow-schema';
import type { FlowReferenceResolver } from './flow-problem';
import { validateFlow, validateFlowStructure } from './validate-flow';

const resolver: FlowReferenceResolver = {
  segmentExists: (id) => ['at-risk', 'vip'].includes(id),
  templateExists: async (id) => id === 'tpl-welcome-back',
  modelExists: async (id) => id === 'churn',
};

/** A deep copy of the example flow to break in one place. */
function example(): FlowDefinition {
  return structuredClone(exampleRetentionFlow);
}

function nodeData(flow: FlowDefinition, id: string): Record<string, unknown> {
  return flow.nodes.find((node) => node.id === id)!.data as Record<string, unknown>;
}

const codes = async (flow: unknown) => (await validateFlow(flow, resolver)).map((problem) => problem.code);

describe('validateFlow', () => {
  it('accepts the example retention flow', async () => {
    expect(await validateFlow(exampleRetentionFlow, resolver)).toEqual([]);
  });

  it('explains A/B weights that do not add up to 100', async () => {
    const flow = example();
    (nodeData(flow, 'split').variants as Array<{ weight: number }>)[1].weight = 40;
    expect(await validateFlow(flow, resolver)).toEqual([
      { nodeId: 'split', code: 'AB_WEIGHTS', message: 'The A/B split “Offer test” has weights adding up to 90 %; they must add up to 100 %.' },
    ]);
  });

  it('rejects more than 10 arms, duplicate arm ids and an unknown control arm', async () => {
    const flow = example();
    const split = nodeData(flow, 'split');
    split.variants = Array.from({ length: 11 }, (_, i) => ({ id: i === 10 ? 'v0' : `v${i}`, label: `Arm ${i}`, weight: i < 10 ? 10 : 0 }));
    split.controlVariantId = 'Z';
    flow.edges = flow.edges.filter((edge) => edge.source !== 'split');
    const problems = await validateFlow(flow, resolver);
    expect(problems.filter((problem) => problem.nodeId === 'split').map((problem) => problem.code)).toEqual(
      expect.arrayContaining(['AB_VARIANT_COUNT', 'AB_DUPLICATE_VARIANT', 'AB_UNKNOWN_CONTROL', 'UNCONNECTED_OUTPUT']),
    );
    expect(problems.map((problem) => problem.code)).not.toContain('AB_WEIGHTS');
  });

  it('needs exactly one trigger', async () => {
    const none = example();
    none.nodes = none.nodes.filter((node) => node.id !== 'trigger');
    none.edges = none.edges.filter((edge) => edge.source !== 'trigger');
    expect(await validateFlow(none, resolver)).toEqual([{ code: 'TRIGGER_COUNT', message: 'The journey has no trigger; add one to say how customers enter it.' }]);

    const two = example();
    two.nodes.push({ ...two.nodes[0], id: 'trigger-2', data: { source: { kind: 'manual' }, reEntry: { policy: 'never' } } });
    two.edges.push({ id: 'e-t2', source: 'trigger-2', sourceHandle: 'next', target: 'risk' });
    const problems = await validateFlow(two, resolver);
    expect(problems).toEqual([expect.objectContaining({ nodeId: 'trigger-2', code: 'TRIGGER_COUNT' })]);
  });

  it('finds steps no customer can reach', async () => {
    const flow = example();
    flow.nodes.push({ id: 'orphan', type: 'exit', position: { x: 0, y: 0 }, data: { label: 'Forgotten' } });
    expect(await validateFlow(flow, resolver)).toEqual([
      { nodeId: 'orphan', code: 'UNREACHABLE_NODE', message: 'No customer can reach the exit “Forgotten”: no path leads to it from the trigger.' },
    ]);
  });

  it('needs every output connected exactly once', async () => {
    const flow = example();
    flow.edges = flow.edges.filter((edge) => edge.id !== 'e-risk-exit');
    flow.edges.push({ id: 'e-dup', source: 'wait-3-days', sourceHandle: 'next', target: 'exit-low-risk' });
    expect(await validateFlow(flow, resolver)).toEqual([
      { nodeId: 'risk', code: 'UNCONNECTED_OUTPUT', message: 'The output “below” of the risk check “Churn risk ≥ 0.6” is not connected to a next step.' },
      {
        nodeId: 'wait-3-days',
        edgeId: 'e-dup',
        code: 'MULTIPLE_CONNECTIONS',
        message: 'The wait “Wait 3 days” is connected to 2 steps; connect it to exactly one (use an A/B split to divide customers).',
      },
    ]);
  });

  it('rejects connections from outputs a step does not have, and from steps that end the journey', async () => {
    const flow = example();
    flow.edges.push({ id: 'e-bad-handle', source: 'split', sourceHandle: 'C', target: 'exit-low-risk' });
    flow.edges.push({ id: 'e-after-goal', source: 'goal-purchase', sourceHandle: 'next', target: 'exit-low-risk' });
    expect(await validateFlow(flow, resolver)).toEqual([
      {
        nodeId: 'split',
        edgeId: 'e-bad-handle',
        code: 'UNKNOWN_HANDLE',
        message: 'A connection leaves the A/B split “Offer test” from an output called “C”, which it does not have (its outputs: “A”, “B”).',
      },
      { nodeId: 'goal-purchase', edgeId: 'e-after-goal', code: 'UNKNOWN_HANDLE', message: 'The goal “Purchase within 7 days” ends the journey, so nothing can follow it.' },
    ]);
  });

  it('rejects connections to or from steps that do not exist', async () => {
    const flow = example();
    flow.edges.find((edge) => edge.id === 'e-wait-goal')!.target = 'ghost';
    expect(await codes(flow)).toEqual(['EDGE_MISSING_NODE', 'UNCONNECTED_OUTPUT', 'UNREACHABLE_NODE']);
  });

  it('rejects a loop without a wait, and accepts one through a wait', async () => {
    const flow = example();
    // B arm: offer → email → back to the offer
    flow.edges.find((edge) => edge.id === 'e-b-wait')!.target = 'offer-15';
    expect(await validateFlow(flow, resolver)).toEqual([
      {
        nodeId: 'offer-15',
        code: 'CYCLE_WITHOUT_WAIT',
        message: 'The steps “15 % off”, “Your 15 % code” form a loop with no wait in it; add a wait so customers do not go round instantly.',
      },
    ]);

    const throughWait = example();
    throughWait.nodes.push({ id: 'again', type: 'email', position: { x: 0, y: 0 }, data: structuredClone(nodeData(throughWait, 'email-miss-you')) as never });
    throughWait.edges.find((edge) => edge.id === 'e-wait-goal')!.target = 'again';
    throughWait.edges.push({ id: 'e-again-wait', source: 'again', sourceHandle: 'next', target: 'wait-3-days' });
    throughWait.nodes = throughWait.nodes.filter((node) => node.id !== 'goal-purchase');
    expect(await codes(throughWait)).toEqual([]);
  });

  it('a self-loop without a wait is a loop', async () => {
    const flow = example();
    flow.edges.find((edge) => edge.id === 'e-offer-email')!.target = 'offer-15';
    expect(await codes(flow)).toEqual(expect.arrayContaining(['CYCLE_WITHOUT_WAIT', 'UNREACHABLE_NODE']));
  });

  it.each([
    [{ amount: 0, unit: 'days' }, true],
    [{ amount: 366, unit: 'days' }, true],
    [{ amount: 53, unit: 'weeks' }, true],
    [{ amount: 365, unit: 'days' }, false],
    [{ amount: 5, unit: 'minutes' }, false],
  ])('wait of %j is out of range: %s', async (duration, outOfRange) => {
    const flow = example();
    nodeData(flow, 'wait-3-days').duration = duration;
    expect(await codes(flow)).toEqual(outOfRange ? ['WAIT_RANGE'] : []);
  });

  it('checks the timeout of a wait for an event and the goal window', async () => {
    const flow = example();
    Object.assign(nodeData(flow, 'wait-3-days'), { mode: 'event', eventName: 'purchase', timeout: { amount: -1, unit: 'hours' } });
    delete nodeData(flow, 'wait-3-days').duration;
    flow.edges.find((edge) => edge.id === 'e-wait-goal')!.sourceHandle = 'event';
    flow.edges.push({ id: 'e-timeout', source: 'wait-3-days', sourceHandle: 'timeout', target: 'exit-low-risk' });
    nodeData(flow, 'goal-purchase').within = { amount: 400, unit: 'days' };
    expect(await validateFlow(flow, resolver)).toEqual([
      { nodeId: 'wait-3-days', code: 'WAIT_RANGE', message: 'The wait “Wait 3 days” waits for the event at most -1 hours; it must be more than 0 and at most 365 days.' },
      { nodeId: 'goal-purchase', code: 'GOAL_WINDOW_RANGE', message: 'The goal “Purchase within 7 days” counts purchases within 400 days; it must be more than 0 and at most 365 days.' },
    ]);
  });

  it('keeps thresholds within [0, 1]', async () => {
    const flow = example();
    nodeData(flow, 'risk').threshold = 60;
    expect(await validateFlow(flow, resolver)).toEqual([
      { nodeId: 'risk', code: 'THRESHOLD_RANGE', message: 'The risk check “Churn risk ≥ 0.6” compares the score with 60; a threshold must be between 0 and 1.' },
    ]);
  });

  it('checks offer values by kind', async () => {
    const flow = example();
    nodeData(flow, 'offer-15').value = 150;
    expect(await codes(flow)).toEqual(['OFFER_VALUE']);
  });

  it('checks segments, templates and models through the resolver (sync or async answers)', async () => {
    const flow = example();
    (nodeData(flow, 'trigger').source as { segmentId: string }).segmentId = 'lapsed';
    nodeData(flow, 'risk').modelId = 'ltv-v2';
    nodeData(flow, 'email-miss-you').content = { source: 'template', templateId: 'tpl-missing' };
    expect(await validateFlow(flow, resolver)).toEqual([
      { nodeId: 'trigger', code: 'UNKNOWN_SEGMENT', message: 'The trigger “Entered At Risk” uses the segment “lapsed”, which does not exist.' },
      { nodeId: 'risk', code: 'UNKNOWN_MODEL', message: 'The risk check “Churn risk ≥ 0.6” uses the model “ltv-v2”, which does not exist.' },
      { nodeId: 'email-miss-you', code: 'UNKNOWN_TEMPLATE', message: 'The email “We miss you” uses the template “tpl-missing”, which does not exist.' },
    ]);
  });

  it('asks about segments used in filter conditions, once per id', async () => {
    const asked: string[] = [];
    const counting: FlowReferenceResolver = { ...resolver, segmentExists: (id) => (asked.push(id), id === 'at-risk') };
    const flow = example();
    flow.nodes.push({
      id: 'filter',
      type: 'segmentFilter',
      position: { x: 0, y: 0 },
      data: { label: 'Not VIP', condition: { all: [{ fact: 'segments', operator: 'notInSegment', value: 'gone' }, { fact: 'segments', operator: 'not:inSegment', value: 'gone' }] } },
    });
    flow.edges.find((edge) => edge.id === 'e-trigger-risk')!.target = 'filter';
    flow.edges.push({ id: 'e-f-m', source: 'filter', sourceHandle: 'match', target: 'risk' }, { id: 'e-f-e', source: 'filter', sourceHandle: 'else', target: 'exit-low-risk' });
    expect(await validateFlow(flow, counting)).toEqual([{ nodeId: 'filter', code: 'UNKNOWN_SEGMENT', message: 'The filter “Not VIP” uses the segment “gone”, which does not exist.' }]);
    expect(asked.sort()).toEqual(['at-risk', 'gone']);
  });

  it('explains broken filter conditions rule by rule', async () => {
    const flow = example();
    flow.nodes.push({
      id: 'filter',
      type: 'segmentFilter',
      position: { x: 0, y: 0 },
      data: { label: 'Big spenders', condition: { all: [{ fact: 'age', operator: 'between', value: [65] }, { fact: 'spend', operator: 'moreThan', value: 5 }] } as never },
    });
    flow.edges.find((edge) => edge.id === 'e-trigger-risk')!.target = 'filter';
    flow.edges.push({ id: 'e-f-m', source: 'filter', sourceHandle: 'match', target: 'risk' }, { id: 'e-f-e', source: 'filter', sourceHandle: 'else', target: 'exit-low-risk' });
    const problems = await validateFlow(flow, resolver);
    expect(problems.map((problem) => [problem.nodeId, problem.code])).toEqual([
      ['filter', 'INVALID_CONDITION'],
      ['filter', 'INVALID_CONDITION'],
    ]);
    expect(problems[0].message).toBe('The filter “Big spenders”, condition (all[0].value): Rule all[0]: “between” needs two numbers, the lower one first, e.g. [18, 65]; got [65].');
    expect(problems[1].message).toContain('“moreThan”, which does not exist');
  });

  it('maps schema errors to the node, in words', async () => {
    const flow = example();
    nodeData(flow, 'offer-15').expiryDays = 400;
    delete nodeData(flow, 'email-miss-you').from;
    expect(await validateFlow(flow, resolver)).toEqual([
      { nodeId: 'email-miss-you', code: 'INVALID_NODE_DATA', message: 'The email “We miss you”: from is missing.' },
      { nodeId: 'offer-15', code: 'INVALID_NODE_DATA', message: 'The offer “15 % off”: expiry days must be at most 365 days.' },
    ]);
  });

  it('a step with broken data still counts in the graph (no cascade of unreachable steps)', async () => {
    const flow = example();
    (nodeData(flow, 'split').variants as Array<{ label?: string }>)[0].label = undefined;
    expect(await codes(flow)).toEqual(['INVALID_NODE_DATA']);
  });

  it('reports every problem at once', async () => {
    const flow = example();
    (nodeData(flow, 'split').variants as Array<{ weight: number }>)[1].weight = 40;
    nodeData(flow, 'risk').threshold = -0.1;
    nodeData(flow, 'wait-3-days').duration = { amount: 0, unit: 'days' };
    flow.edges = flow.edges.filter((edge) => edge.id !== 'e-risk-exit');
    expect((await codes(flow)).sort()).toEqual(['AB_WEIGHTS', 'THRESHOLD_RANGE', 'UNCONNECTED_OUTPUT', 'UNREACHABLE_NODE', 'WAIT_RANGE']);
  });

  it('copes with input that is not a flow at all', () => {
    expect(validateFlowStructure(null)).toEqual([{ code: 'INVALID_FLOW', message: 'This is not a journey: expected an object with nodes and edges.' }]);
    expect(validateFlowStructure({ schemaVersion: 2, nodes: [{ type: 'exit' }, { id: 'x', type: 'sms', data: {} }], edges: [{}] }).map((problem) => problem.code)).toEqual([
      'SCHEMA_VERSION',
      'INVALID_NODE',
      'UNKNOWN_NODE_TYPE',
      'INVALID_EDGE',
      'TRIGGER_COUNT',
    ]);
  });
});
