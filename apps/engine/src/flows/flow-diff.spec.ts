import { exampleRetentionFlow, type FlowDefinition } from '@retain/rules';
import { diffFlows } from './flow-diff';

const clone = (): FlowDefinition => structuredClone(exampleRetentionFlow);

describe('diffFlows', () => {
  it('lists everything as added for a first publication', () => {
    const diff = diffFlows(undefined, exampleRetentionFlow);
    expect(diff.firstVersion).toBe(true);
    expect(diff.unchanged).toBe(false);
    expect(diff.nodesAdded.map((n) => n.id)).toEqual(exampleRetentionFlow.nodes.map((n) => n.id));
    expect(diff.nodesAdded[0]).toEqual({ id: 'trigger', type: 'trigger', label: 'Entered At Risk' });
    expect(diff.edgesAdded).toHaveLength(exampleRetentionFlow.edges.length);
    expect(diff.nodesRemoved).toEqual([]);
  });

  it('finds nothing between identical flows, whatever the key order', () => {
    const reordered = JSON.parse(JSON.stringify(exampleRetentionFlow, (_key, value) => (value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).reverse()) : value)));
    const diff = diffFlows(exampleRetentionFlow, reordered);
    expect(diff).toMatchObject({ firstVersion: false, unchanged: true, nodesChanged: [], nodesMoved: [], edgesAdded: [], edgesRemoved: [] });
  });

  it('reports added, removed and changed nodes, with the settings that changed', () => {
    const next = clone();
    next.nodes = next.nodes.filter((n) => n.id !== 'exit-low-risk');
    next.edges = next.edges.filter((e) => e.id !== 'e-risk-exit');
    const risk = next.nodes.find((n) => n.id === 'risk')!;
    if (risk.type !== 'riskThreshold') throw new Error('fixture changed');
    risk.data.threshold = 0.7;
    risk.data.label = 'Churn risk ≥ 0.7';
    next.nodes.push({ id: 'exit-2', type: 'exit', position: { x: 1, y: 1 }, data: {} });
    next.edges.push({ id: 'new', source: 'risk', sourceHandle: 'below', target: 'exit-2' });

    const diff = diffFlows(exampleRetentionFlow, next);
    expect(diff.unchanged).toBe(false);
    expect(diff.nodesAdded).toEqual([{ id: 'exit-2', type: 'exit' }]);
    expect(diff.nodesRemoved).toEqual([{ id: 'exit-low-risk', type: 'exit', label: 'Low risk' }]);
    expect(diff.nodesChanged).toEqual([{ id: 'risk', type: 'riskThreshold', label: 'Churn risk ≥ 0.7', fields: ['label', 'threshold'] }]);
    expect(diff.edgesAdded).toEqual([{ id: 'new', source: 'risk', sourceHandle: 'below', target: 'exit-2' }]);
    expect(diff.edgesRemoved).toEqual([{ id: 'e-risk-exit', source: 'risk', sourceHandle: 'below', target: 'exit-low-risk' }]);
  });

  it('matches connections by what they connect, not by id, and lists moves apart from changes', () => {
    const next = clone();
    next.edges = next.edges.map((e) => ({ ...e, id: `renamed-${e.id}` }));
    next.nodes[0].position = { x: 50, y: 50 };
    const diff = diffFlows(exampleRetentionFlow, next);
    expect(diff.unchanged).toBe(true);
    expect(diff.nodesMoved).toEqual(['trigger']);
  });

  it('reports a changed kind of step as a type change', () => {
    const next = clone();
    next.nodes[next.nodes.length - 1] = { id: 'exit-low-risk', type: 'goal', position: { x: 300, y: 240 }, data: { eventName: 'purchase', within: { amount: 1, unit: 'days' } } };
    expect(diffFlows(exampleRetentionFlow, next).nodesChanged).toEqual([{ id: 'exit-low-risk', type: 'goal', fields: ['type'] }]);
  });
});
