// What publishing would change against the published version, for the confirmation dialog (the
// engine's flow-diff says the same after publishing). Nodes by id; connections by what they connect.
import type { FlowDefinition } from '@retain/rules';

export interface DefinitionDiff {
  nodesAdded: string[];
  nodesRemoved: string[];
  nodesChanged: string[];
  edgesAdded: string[];
  edgesRemoved: string[];
}

const nodeName = (node: FlowDefinition['nodes'][number]) => (node.data.label ? `${node.data.label} (${node.id})` : node.id);
const edgeKey = (edge: FlowDefinition['edges'][number]) => `${edge.source} → ${edge.sourceHandle} → ${edge.target}`;

export function diffDefinitions(before: FlowDefinition | null, after: FlowDefinition): DefinitionDiff {
  const old = new Map((before?.nodes ?? []).map((node) => [node.id, node]));
  const now = new Map(after.nodes.map((node) => [node.id, node]));
  const oldEdges = new Set((before?.edges ?? []).map(edgeKey));
  const newEdges = new Set(after.edges.map(edgeKey));
  return {
    nodesAdded: after.nodes.filter((node) => !old.has(node.id)).map(nodeName),
    nodesRemoved: [...old.values()].filter((node) => !now.has(node.id)).map(nodeName),
    nodesChanged: after.nodes
      .filter((node) => old.has(node.id) && (old.get(node.id)!.type !== node.type || JSON.stringify(old.get(node.id)!.data) !== JSON.stringify(node.data)))
      .map(nodeName),
    edgesAdded: [...newEdges].filter((key) => !oldEdges.has(key)),
    edgesRemoved: [...oldEdges].filter((key) => !newEdges.has(key)),
  };
}

export const isEmptyDiff = (diff: DefinitionDiff) => Object.values(diff).every((list) => list.length === 0);
