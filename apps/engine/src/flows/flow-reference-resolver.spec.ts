import { exampleRetentionFlow, validateFlow, type FlowDefinition } from '@retain/rules';
import { createFlowReferenceResolver, databaseId, explainReferenceProblems, TEMPLATES_NOT_AVAILABLE, type ReferenceLookups } from './flow-reference-resolver';

function fakeLookups(state: { segments: number[]; activeKinds: string[]; usableModels: number[] }) {
  const calls: string[] = [];
  const lookups: ReferenceLookups = {
    activeSegmentExists: async (id) => (calls.push(`segment:${id}`), state.segments.includes(id)),
    activeModelOfKindExists: async (kind) => (calls.push(`kind:${kind}`), state.activeKinds.includes(kind)),
    usableModelVersionExists: async (id) => (calls.push(`model:${id}`), state.usableModels.includes(id)),
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

  it('knows no templates yet, and says so in the problem', async () => {
    const flow: FlowDefinition = structuredClone(exampleRetentionFlow);
    flow.nodes[0] = { ...flow.nodes[0], data: { source: { kind: 'segment-entered', segmentId: '7' }, reEntry: { policy: 'never' } } } as FlowDefinition['nodes'][number];
    const email = flow.nodes.find((n) => n.id === 'email-miss-you')!;
    if (email.type !== 'email') throw new Error('fixture changed');
    email.data.content = { source: 'template', templateId: 'welcome' };
    const resolver = createFlowReferenceResolver(fakeLookups({ segments: [7], activeKinds: ['churn'], usableModels: [] }).lookups);
    expect(await resolver.templateExists('welcome')).toBe(false);
    const problems = explainReferenceProblems(await validateFlow(flow, resolver));
    expect(problems).toEqual([{ nodeId: 'email-miss-you', code: 'UNKNOWN_TEMPLATE', message: expect.stringContaining(TEMPLATES_NOT_AVAILABLE) }]);
  });
});
