import { deserialize, serialize } from 'node:v8';
import { exampleRetentionFlow, validateFlowStructure } from '@retain/rules';
import { useEditorStore } from './editor-store';
import { toDefinition } from './flow-definition';

// jsdom lacks structuredClone (browsers and Node have it); dagre's layout uses it
globalThis.structuredClone ??= ((value: unknown) => deserialize(serialize(value))) as typeof structuredClone;

const store = () => useEditorStore.getState();
const ids = () => store().nodes.map((node) => node.id);
const problems = () => validateFlowStructure(toDefinition(store().nodes, store().edges));

describe('editor store', () => {
  beforeEach(() => store().load(exampleRetentionFlow, false));

  it('loads the example journey unchanged, which the rules find valid', () => {
    expect(toDefinition(store().nodes, store().edges)).toEqual(exampleRetentionFlow);
    expect(problems()).toEqual([]);
  });

  it('adds nodes with default data from the rules, connects one edge per output, and undoes and redoes each step', () => {
    const id = store().addNode('exit', { x: 10, y: 20 });
    expect(id).toBe('exit');
    expect(store().nodes.find((node) => node.id === 'exit')).toMatchObject({ type: 'exit', data: {}, position: { x: 10, y: 20 }, selected: true });
    // connecting risk "below" elsewhere replaces its old connection
    store().connect({ source: 'risk', sourceHandle: 'below', target: 'exit', targetHandle: 'in' });
    expect(store().edges.filter((edge) => edge.source === 'risk' && edge.sourceHandle === 'below').map((edge) => edge.target)).toEqual(['exit']);
    expect(problems().map((p) => [p.code, p.nodeId])).toEqual([['UNREACHABLE_NODE', 'exit-low-risk']]);

    store().undo();
    expect(store().edges.find((edge) => edge.id === 'e-risk-exit')).toBeDefined();
    store().undo();
    expect(ids()).not.toContain('exit');
    store().redo();
    store().redo();
    expect(problems().map((p) => p.code)).toEqual(['UNREACHABLE_NODE']);
    expect(store().future).toHaveLength(0);
  });

  it('drops connections from outputs that no longer exist when data changes (an A/B arm removed)', () => {
    const split = store().nodes.find((node) => node.id === 'split')!;
    if (split.type !== 'abSplit') throw new Error('the example flow changed');
    store().updateNodeData('split', { ...split.data, variants: [{ id: 'A', label: 'A', weight: 100 }] });
    expect(store().edges.some((edge) => edge.id === 'e-split-b')).toBe(false);
    store().undo();
    expect(store().edges.some((edge) => edge.id === 'e-split-b')).toBe(true);
  });

  it('typing in one field is one undo step', () => {
    const exit = store().nodes.find((node) => node.id === 'exit-low-risk')!;
    for (const reason of ['L', 'Lo', 'Low']) store().updateNodeData('exit-low-risk', { ...exit.data, reason });
    expect(store().past).toHaveLength(1);
    store().undo();
    expect(store().nodes.find((node) => node.id === 'exit-low-risk')!.data).toEqual(exit.data);
  });

  it('copies and pastes a selection with its inner connections under new ids, and deletes a selection with its connections', () => {
    store().onNodesChange([
      { type: 'select', id: 'offer-15', selected: true },
      { type: 'select', id: 'email-offer-code', selected: true },
    ]);
    store().copySelection();
    store().paste();
    expect(ids()).toEqual(expect.arrayContaining(['offer', 'email']));
    expect(store().edges).toContainEqual({ id: 'e-offer-next-email', source: 'offer', sourceHandle: 'next', target: 'email' });
    expect(store().nodes.filter((node) => node.selected).map((node) => node.id)).toEqual(['offer', 'email']);

    store().deleteSelection();
    expect(ids()).not.toContain('offer');
    expect(store().edges.some((edge) => edge.source === 'offer' || edge.target === 'email')).toBe(false);
    expect(toDefinition(store().nodes, store().edges)).toEqual(exampleRetentionFlow);
  });

  it('changes nothing when read-only', () => {
    store().setReadOnly(true);
    store().addNode('exit', { x: 0, y: 0 });
    store().select('split');
    store().deleteSelection();
    store().onNodesChange([{ type: 'remove', id: 'trigger' }]);
    expect(toDefinition(store().nodes, store().edges)).toEqual(exampleRetentionFlow);
    expect(store().nodes.find((node) => node.id === 'split')!.selected).toBe(true); // selecting is fine
  });

  it('lays the journey out top to bottom', async () => {
    await store().autoLayout();
    const y = (id: string) => store().nodes.find((node) => node.id === id)!.position.y;
    expect(y('trigger')).toBeLessThan(y('risk'));
    expect(y('risk')).toBeLessThan(y('split'));
    expect(y('wait-3-days')).toBeLessThan(y('goal-purchase'));
    store().undo();
    expect(toDefinition(store().nodes, store().edges)).toEqual(exampleRetentionFlow);
  });
});
