// Lookups over one flow version, built once per flow object and reused by every step.
import type { CompiledCondition } from '../conditions/compile-condition';
import type { FlowDefinition, FlowNode } from '../flow/flow-schema';

export interface FlowIndex {
  readonly nodesById: ReadonlyMap<string, FlowNode>;
  /** `${nodeId}\0${handle}` → target node id. */
  readonly targets: ReadonlyMap<string, string>;
  /** Compiled filter conditions per node, for the last `now` they were compiled for. */
  readonly compiledConditions: Map<string, { nowMs: number; compiled: CompiledCondition }>;
}

const indexes = new WeakMap<FlowDefinition, FlowIndex>();

export function indexFlow(flow: FlowDefinition): FlowIndex {
  let index = indexes.get(flow);
  if (!index) {
    index = {
      nodesById: new Map(flow.nodes.map((node) => [node.id, node])),
      targets: new Map(flow.edges.map((edge) => [`${edge.source}\u0000${edge.sourceHandle}`, edge.target])),
      compiledConditions: new Map(),
    };
    indexes.set(flow, index);
  }
  return index;
}
