import { z } from 'zod';
import { durationSchema } from '../duration';
import { nodeLabelSchema, nodeSchemaOf, type NodeTypeDefinition } from '../node-base';

export const goalNodeDataSchema = z.object({
  label: nodeLabelSchema,
  eventName: z.string().min(1, { error: 'needs an event name' }).describe('The event that counts as success, e.g. "purchase"'),
  within: durationSchema.describe('The event counts only if it happens within this time'),
});

export type GoalNodeData = z.infer<typeof goalNodeDataSchema>;

export const goalNodeSchema = nodeSchemaOf('goal', goalNodeDataSchema);

export const goalNode: NodeTypeDefinition<'goal', GoalNodeData> = {
  type: 'goal',
  title: 'goal',
  dataSchema: goalNodeDataSchema,
  handles: () => [],
  defaultData: () => ({ eventName: 'purchase', within: { amount: 7, unit: 'days' } }),
};
