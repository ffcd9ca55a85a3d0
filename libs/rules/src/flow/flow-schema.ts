// The flow JSON: `{ schemaVersion, nodes, edges }`, nodes a discriminated union on `type`.
import { z } from 'zod';
import { abSplitNodeSchema } from './nodes/abSplit';
import { emailNodeSchema } from './nodes/email';
import { exitNodeSchema } from './nodes/exit';
import { goalNodeSchema } from './nodes/goal';
import { offerNodeSchema } from './nodes/offer';
import { riskThresholdNodeSchema } from './nodes/riskThreshold';
import { segmentFilterNodeSchema } from './nodes/segmentFilter';
import { triggerNodeSchema } from './nodes/trigger';
import { waitNodeSchema } from './nodes/wait';
import { webhookNodeSchema } from './nodes/webhook';

export const FLOW_SCHEMA_VERSION = 1;

export const flowNodeSchema = z
  .discriminatedUnion('type', [
    triggerNodeSchema,
    segmentFilterNodeSchema,
    riskThresholdNodeSchema,
    abSplitNodeSchema,
    waitNodeSchema,
    emailNodeSchema,
    offerNodeSchema,
    webhookNodeSchema,
    goalNodeSchema,
    exitNodeSchema,
  ])
  .describe('A step of the journey');

export const flowEdgeSchema = z
  .object({
    id: z.string().min(1, { error: 'must not be empty' }).describe('Unique id of the connection'),
    source: z.string().min(1).describe('Id of the node the connection leaves'),
    sourceHandle: z.string().min(1).describe('Which output of the source node, e.g. "match" or a variant id'),
    target: z.string().min(1).describe('Id of the node the connection enters'),
  })
  .describe('A connection from one node output to the next node');

export const flowDefinitionSchema = z
  .object({
    schemaVersion: z.literal(FLOW_SCHEMA_VERSION, { error: `must be ${FLOW_SCHEMA_VERSION}` }).describe('Version of this JSON format'),
    nodes: z.array(flowNodeSchema).describe('The steps of the journey'),
    edges: z.array(flowEdgeSchema).describe('The connections between steps'),
  })
  .describe('A retention journey');

export type FlowDefinition = z.infer<typeof flowDefinitionSchema>;
export type FlowNode = z.infer<typeof flowNodeSchema>;
export type FlowEdge = z.infer<typeof flowEdgeSchema>;
export type NodeType = FlowNode['type'];
export type FlowNodeOf<Type extends NodeType> = Extract<FlowNode, { type: Type }>;
export type NodeDataByType = { [Type in NodeType]: FlowNodeOf<Type>['data'] };

/** Parses a flow, throwing a ZodError; use validateFlow for marketer-facing problems. */
export function parseFlowDefinition(input: unknown): FlowDefinition {
  return flowDefinitionSchema.parse(input);
}
