// What publishing changes against the previous published version; the builder's publish dialog
// shows it. Pure. Nodes are matched by id; connections by what they connect (source, output,
// target), since their ids carry no meaning. Moving a node on the canvas is not a change in behaviour,
// so it is listed apart.
import type { FlowDefinition, FlowEdge, FlowNode } from '@retain/rules';

export interface NodeRef {
  id: string;
  type: string;
  label?: string;
}

export interface ChangedNode extends NodeRef {
  /** "type" when the kind of step changed, otherwise the settings (data keys) that differ. */
  fields: string[];
}

export interface EdgeRef {
  id: string;
  source: string;
  sourceHandle: string;
  target: string;
}

export interface FlowDiff {
  firstVersion: boolean;
  unchanged: boolean;
  nodesAdded: NodeRef[];
  nodesRemoved: NodeRef[];
  nodesChanged: ChangedNode[];
  nodesMoved: string[];
  edgesAdded: EdgeRef[];
  edgesRemoved: EdgeRef[];
}

type FlowShape = Pick<FlowDefinition, 'nodes' | 'edges'>;

const nodeRef = (node: FlowNode): NodeRef => ({ id: node.id, type: node.type, ...(node.data.label ? { label: node.data.label } : {}) });
const edgeRef = (edge: FlowEdge): EdgeRef => ({ id: edge.id, source: edge.source, sourceHandle: edge.sourceHandle, target: edge.target });
const connectionKey = (edge: FlowEdge) => JSON.stringify([edge.source, edge.sourceHandle, edge.target]);

function isDeepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const keysB = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) => isDeepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

function changedFields(before: FlowNode, after: FlowNode): string[] {
  if (before.type !== after.type) return ['type'];
  const dataBefore = before.data as Record<string, unknown>;
  const dataAfter = after.data as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(dataBefore), ...Object.keys(dataAfter)])].sort();
  return keys.filter((key) => !isDeepEqual(dataBefore[key], dataAfter[key]));
}

/** Changes from `previous` (undefined for a first publication) to `next`. */
export function diffFlows(previous: FlowShape | undefined, next: FlowShape): FlowDiff {
  const before = previous ?? { nodes: [], edges: [] };
  const oldNodes = new Map(before.nodes.map((node) => [node.id, node]));
  const newNodes = new Map(next.nodes.map((node) => [node.id, node]));
  const oldEdges = new Map(before.edges.map((edge) => [connectionKey(edge), edge]));
  const newEdges = new Map(next.edges.map((edge) => [connectionKey(edge), edge]));

  const nodesChanged: ChangedNode[] = [];
  const nodesMoved: string[] = [];
  for (const node of next.nodes) {
    const old = oldNodes.get(node.id);
    if (!old) continue;
    const fields = changedFields(old, node);
    if (fields.length) nodesChanged.push({ ...nodeRef(node), fields });
    if (old.position.x !== node.position.x || old.position.y !== node.position.y) nodesMoved.push(node.id);
  }
  const diff: FlowDiff = {
    firstVersion: previous === undefined,
    unchanged: false,
    nodesAdded: next.nodes.filter((node) => !oldNodes.has(node.id)).map(nodeRef),
    nodesRemoved: before.nodes.filter((node) => !newNodes.has(node.id)).map(nodeRef),
    nodesChanged,
    nodesMoved,
    edgesAdded: next.edges.filter((edge) => !oldEdges.has(connectionKey(edge))).map(edgeRef),
    edgesRemoved: before.edges.filter((edge) => !newEdges.has(connectionKey(edge))).map(edgeRef),
  };
  diff.unchanged = !diff.firstVersion && [diff.nodesAdded, diff.nodesRemoved, diff.nodesChanged, diff.edgesAdded, diff.edgesRemoved].every((list) => list.length === 0);
  return diff;
}
