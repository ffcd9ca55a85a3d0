import { z } from 'zod';
import { nodeLabelSchema, nodeSchemaOf, type NodeTypeDefinition } from '../node-base';

export const exitNodeDataSchema = z.object({
  label: nodeLabelSchema,
  reason: z.string().optional().describe('Why customers leave here, for reports'),
});

export type ExitNodeData = z.infer<typeof exitNodeDataSchema>;

export const exitNodeSchema = nodeSchemaOf('exit', exitNodeDataSchema);

export const exitNode: NodeTypeDefinition<'exit', ExitNodeData> = {
  type: 'exit',
  title: 'exit',
  dataSchema: exitNodeDataSchema,
  handles: () => [],
  defaultData: () => ({}),
};
