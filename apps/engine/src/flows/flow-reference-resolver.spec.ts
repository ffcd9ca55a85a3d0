import { exampleRetentionFlow, validateFlow, type FlowDefinition } from '@retain/rules';
import { createFlowReferenceResolver, databaseId, explainReferenceProblems, liquidProblemsOfFlow, PICK_A_TEMPLATE, type ReferenceLookups } from './flow-reference-resolver';

function fakeLookups(state: { segments: number[]; activeKinds: string[]; usableModels: number[]; templates?: number[] }) {
  const calls: string[] = [];
  const lookups: ReferenceLookups = {
    activeSegmentExists: async (id) => (calls.push(`segment:${id}`), state.segments.includes(id)),
    activeModelOfKindExists: async (kind) => (calls.push(`kind:${kind}`), state.activeKinds.includes(kind)),
    usableModelVersionExists: async (id) => (calls.push(`model:${id}`), state.usableModels.includes(id)),
    templateExists: async (id) => (calls.push(`template:${id}`), (state.templates ?? []).includes(id)),
  };
  return { lookups, calls };
}

describe('flow reference resolver', () => {
  it('reads only positive 32-bit decimal ids', () => {
    expect(databaseId('42')).toBe(42);
    expect(databaseId('2147483647')).toBe(2147483647);
    for (const text of ['0', '-1', '042', '4.2', '1e3', ' 4', 'at-risk', '', '2147483648', '99999999999']) expect(databaseId(text)).toBeUndefined();
  });

  it('maps segment ids to non-archived segments, without asking the database about ids that cannot exist', async () => {
    const { lookups, calls } = fakeLookups({ segments: [7], activeKinds: [], usableModels: [] });
    const resolver = createFlowReferenceResolver(lookups);
    expect(await resolver.segmentExists('7')).toBe(true);
    expect(await resolver.segmentExists('8')).toBe(false);
    expect(await resolver.segmentExists('at-risk')).toBe(false);
    expect(calls).toEqual(['segment:7', 'segment:8']);
  });

  it('maps "churn" to an active churn model and numeric ids to usable model versions', async () => {
    const { lookups, calls } = fakeLookups({ segments: [], activeKinds: ['churn'], usableModels: [3] });
    const resolver = createFlowReferenceResolver(lookups);
    expect(await resolver.modelExists('churn')).toBe(true);
    expect(await resolver.modelExists('3')).toBe(true);
    expect(await resolver.modelExists('4')).toBe(false);
    expect(await resolver.modelExists('ltv')).toBe(false);
    expect(calls).toEqual(['kind:churn', 'model:3', 'model:4']);
    const none = createFlowReferenceResolver(fakeLookups({ segments: [], activeKinds: [], usableModels: [] }).lookups);
    expect(await none.modelExists('churn')).toBe(false);
  });

  it('maps template ids to saved templates, and says what to do about a missing one', async () => {
    const flow: FlowDefinition = structuredClone(exampleRetentionFlow);
    flow.nodes[0] = { ...flow.nodes[0], data: { source: { kind: 'segment-entered', segmentId: '7' }, reEntry: { policy: 'never' } } } as FlowDefinition['nodes'][number];
    const email = flow.nodes.find((n) => n.id === 'email-miss-you')!;
    if (email.type !== 'email') throw new Error('fixture changed');
    email.data.content = { source: 'template', templateId: '12' };
    const { lookups, calls } = fakeLookups({ segments: [7], activeKinds: ['churn'], usableModels: [], templates: [12] });
    const resolver = createFlowReferenceResolver(lookups);
    expect(await resolver.templateExists('12')).toBe(true);
    expect(await resolver.templateExists('13')).toBe(false);
    expect(await resolver.templateExists('welcome')).toBe(false);
    expect(calls).toEqual(['template:12', 'template:13']);
    expect(explainReferenceProblems(await validateFlow(flow, resolver))).toEqual([]);
    email.data.content = { source: 'template', templateId: '13' };
    const problems = explainReferenceProblems(await validateFlow(flow, resolver));
    expect(problems).toEqual([{ nodeId: 'email-miss-you', code: 'UNKNOWN_TEMPLATE', message: expect.stringContaining(PICK_A_TEMPLATE) }]);
  });

  it('reports Liquid syntax errors of email content and webhook bodies with line and column', () => {
    const flow = {
      nodes: [
        { id: 'ok', type: 'email', data: { content: { source: 'inline', subject: 'Hi {{ customer.firstName }}', body: '<p>{% if offer %}{{ offer.code }}{% endif %}</p>' } } },
        { id: 'bad-email', type: 'email', data: { content: { source: 'inline', subject: 'Hi {{ customer.firstName', body: '<p>\n  {% if offer %}</p>' } } },
        { id: 'override', type: 'email', data: { content: { source: 'template', templateId: '1', subject: '{{ x | nope }}' } } },
        { id: 'hook', type: 'webhook', data: { bodyTemplate: '{"a": {% for x in y %}}' } },
        { id: 'odd', type: 'email', data: null },
      ],
    };
    expect(liquidProblemsOfFlow(flow)).toEqual([
      { nodeId: 'bad-email', code: 'INVALID_NODE_DATA', message: expect.stringMatching(/^The email subject has a Liquid error: .*not closed \(line 1, column 4\)\.$/) },
      { nodeId: 'bad-email', code: 'INVALID_NODE_DATA', message: 'The email body has a Liquid error: tag {% if offer %} not closed (line 2, column 3).' },
      { nodeId: 'override', code: 'INVALID_NODE_DATA', message: 'The email subject has a Liquid error: undefined filter: nope (line 1, column 1).' },
      { nodeId: 'hook', code: 'INVALID_NODE_DATA', message: expect.stringContaining('(line 1, column 7)') },
    ]);
    expect(liquidProblemsOfFlow('not a flow')).toEqual([]);
    expect(liquidProblemsOfFlow(exampleRetentionFlow)).toEqual([]);
  });
});
