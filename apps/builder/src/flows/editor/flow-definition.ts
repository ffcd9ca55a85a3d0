// Pure helpers between the editor's nodes/edges and the flow JSON of @retain/rules.
import { FLOW_SCHEMA_VERSION, outgoingHandles, type FlowDefinition, type FlowEdge, type FlowNode, type NodeType } from '@retain/rules';

/** A node as the canvas holds it: the flow node plus React Flow's own fields (selected, measured…). */
export type EditorNode = FlowNode & { selected?: boolean; dragging?: boolean; measured?: { width?: number; height?: number } };
export type EditorEdge = FlowEdge & { selected?: boolean };

/** The flow JSON of the editor's state: only schema fields, so the draft's checksum ignores selection. */
export function toDefinition(nodes: readonly EditorNode[], edges: readonly EditorEdge[]): FlowDefinition {
  return {
    schemaVersion: FLOW_SCHEMA_VERSION,
    nodes: nodes.map(({ id, type, data, position }) => ({ id, type, data, position: { x: Math.round(position.x), y: Math.round(position.y) } }) as FlowNode),
    edges: edges.map(({ id, source, sourceHandle, target }) => ({ id, source, sourceHandle, target })),
  };
}

/** A fresh node id for a type: `email`, `email-2`, `email-3`… */
export function nextNodeId(type: NodeType, taken: Iterable<string>): string {
  const ids = new Set(taken);
  if (!ids.has(type)) return type;
  for (let n = 2; ; n++) if (!ids.has(`${type}-${n}`)) return `${type}-${n}`;
}

export function edgeIdFor(source: string, sourceHandle: string, target: string): string {
  return `e-${source}-${sourceHandle}-${target}`;
}

/** Drops the connections whose output no longer exists (an A/B arm removed, a wait switched mode). */
export function pruneEdges<E extends FlowEdge>(nodes: readonly FlowNode[], edges: readonly E[]): E[] {
  const handlesOf = new Map(nodes.map((node) => [node.id, new Set(safeHandles(node))]));
  return edges.filter((edge) => handlesOf.get(edge.source)?.has(edge.sourceHandle) && handlesOf.has(edge.target));
}

/** outgoingHandles, tolerant of data that is still being typed in. */
export function safeHandles(node: FlowNode): readonly string[] {
  try {
    return outgoingHandles(node);
  } catch {
    return [];
  }
}
