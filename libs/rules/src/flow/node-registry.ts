// One registry of node types, keyed by the schema's `type` (the builder keys its node components
// on the same names).
import { abSplitNode } from './nodes/abSplit';
import { emailNode } from './nodes/email';
import { exitNode } from './nodes/exit';
import { goalNode } from './nodes/goal';
import { offerNode } from './nodes/offer';
import { riskThresholdNode } from './nodes/riskThreshold';
import { segmentFilterNode } from './nodes/segmentFilter';
import { triggerNode } from './nodes/trigger';
import { waitNode } from './nodes/wait';
import { webhookNode } from './nodes/webhook';
import type { FlowNode, NodeDataByType, NodeType } from './flow-schema';
import type { NodeTypeDefinition } from './node-base';

export const NODE_TYPES = ['trigger', 'segmentFilter', 'riskThreshold', 'abSplit', 'wait', 'email', 'offer', 'webhook', 'goal', 'exit'] as const;

export const nodeTypeDefinitions: { readonly [Type in NodeType]: NodeTypeDefinition<Type, NodeDataByType[Type]> } = {
  trigger: triggerNode,
  segmentFilter: segmentFilterNode,
  riskThreshold: riskThresholdNode,
  abSplit: abSplitNode,
  wait: waitNode,
  email: emailNode,
  offer: offerNode,
  webhook: webhookNode,
  goal: goalNode,
  exit: exitNode,
};

export function isNodeType(value: unknown): value is NodeType {
  return typeof value === 'string' && Object.hasOwn(nodeTypeDefinitions, value);
}

/** The outgoing handles of a node (an A/B split has one per variant; a wait for an event has two). */
export function outgoingHandles(node: FlowNode): readonly string[] {
  const definition = nodeTypeDefinitions[node.type] as NodeTypeDefinition<NodeType, FlowNode['data']>;
  return definition.handles(node.data);
}

/** Fresh data for a new node of a type, as the builder creates it. */
export function defaultNodeData<Type extends NodeType>(type: Type): NodeDataByType[Type] {
  return nodeTypeDefinitions[type].defaultData();
}

/** True for node types that end the journey (no outgoing handles). */
export function isTerminalNodeType(type: NodeType): boolean {
  return type === 'goal' || type === 'exit';
}
