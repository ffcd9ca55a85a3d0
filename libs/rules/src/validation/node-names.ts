import type { NodeType } from '../flow/flow-schema';
import { isNodeType, nodeTypeDefinitions } from '../flow/node-registry';

export interface NamedNode {
  id: string;
  type: string;
  label?: string;
}

/** “the A/B split “Offer test”” (or the node id when it has no label), for messages. */
export function nodeName(node: NamedNode): string {
  const title = isNodeType(node.type) ? nodeTypeDefinitions[node.type as NodeType].title : 'step';
  return `the ${title} “${node.label?.trim() || node.id}”`;
}

/** The same, at the start of a sentence. */
export function NodeName(node: NamedNode): string {
  const name = nodeName(node);
  return name.charAt(0).toUpperCase() + name.slice(1);
}

export function quoteList(values: readonly string[]): string {
  return values.map((value) => `“${value}”`).join(', ');
}
