import { z } from 'zod';
import { conditionSchema, nodeLabelSchema, nodeSchemaOf, type NodeTypeDefinition } from '../node-base';

export const segmentFilterNodeDataSchema = z.object({
  label: nodeLabelSchema,
  condition: conditionSchema.describe('Customers who meet this condition go to "match", the others to "else"'),
});

export type SegmentFilterNodeData = z.infer<typeof segmentFilterNodeDataSchema>;

export const segmentFilterNodeSchema = nodeSchemaOf('segmentFilter', segmentFilterNodeDataSchema);

export const segmentFilterNode: NodeTypeDefinition<'segmentFilter', SegmentFilterNodeData> = {
  type: 'segmentFilter',
  title: 'filter',
  dataSchema: segmentFilterNodeDataSchema,
  handles: () => ['match', 'else'],
  defaultData: () => ({ condition: { all: [] } }),
};
