import { exampleRetentionFlow, validateFlowStructure } from '@retain/rules';
import { canonicalJson, checkFlowShape, definitionChecksum, starterFlowDefinition } from './flow-definition';

describe('flow definitions', () => {
  it('accepts an incomplete flow of the right shape, returning its structural problems', () => {
    const incomplete = { ...exampleRetentionFlow, edges: [] };
    const check = checkFlowShape(incomplete);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.definition).toEqual(incomplete);
    expect(check.structuralProblems.map((p) => p.code)).toContain('UNCONNECTED_OUTPUT');
  });

  it('refuses JSON of the wrong shape with every shape problem and none of the graph ones', () => {
    const check = checkFlowShape({ schemaVersion: 1, nodes: [{ id: 'a', type: 'wait', position: { x: 0, y: 0 }, data: { mode: 'sometime' } }, { id: 'b', type: 'x', data: {} }], edges: [null] });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.problems.map((p) => [p.code, p.nodeId])).toEqual([
      ['INVALID_NODE_DATA', 'a'],
      ['UNKNOWN_NODE_TYPE', 'b'],
      ['INVALID_EDGE', undefined],
    ]);
    expect(checkFlowShape(null)).toEqual({ ok: false, problems: [expect.objectContaining({ code: 'INVALID_FLOW' })] });
  });

  it('starts new flows with a lone trigger made from the library defaults', () => {
    const starter = starterFlowDefinition();
    expect(starter.nodes.map((n) => n.type)).toEqual(['trigger']);
    expect(checkFlowShape(starter).ok).toBe(true);
    expect(validateFlowStructure(starter).map((p) => p.code)).toEqual(['UNCONNECTED_OUTPUT']);
  });

  it('fingerprints definitions independently of key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: null, c: 'x' }], u: undefined })).toBe('{"a":[{"c":"x","d":null}],"b":1}');
    const reversed = JSON.parse(JSON.stringify(exampleRetentionFlow, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v)));
    expect(definitionChecksum(reversed)).toBe(definitionChecksum(exampleRetentionFlow));
    expect(definitionChecksum(exampleRetentionFlow)).toMatch(/^[a-f0-9]{64}$/);
    expect(definitionChecksum({ ...exampleRetentionFlow, edges: [] })).not.toBe(definitionChecksum(exampleRetentionFlow));
  });
});
