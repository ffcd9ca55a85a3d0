import { z } from 'zod';
import { durationSchema } from '../duration';
import { nodeLabelSchema, nodeSchemaOf, type NodeTypeDefinition } from '../node-base';

export const waitNodeDataSchema = z
  .discriminatedUnion('mode', [
    z.object({
      label: nodeLabelSchema,
      mode: z.literal('duration'),
      duration: durationSchema.describe('How long to wait before going on'),
    }),
    z.object({
      label: nodeLabelSchema,
      mode: z.literal('event'),
      eventName: z.string().min(1, { error: 'needs an event name' }).describe('Go on as soon as the customer does this'),
      timeout: durationSchema.describe('Give up waiting after this long'),
    }),
  ])
  .describe('Wait for a time, or until an event with a timeout');

export type WaitNodeData = z.infer<typeof waitNodeDataSchema>;

export const waitNodeSchema = nodeSchemaOf('wait', waitNodeDataSchema);

export const waitNode: NodeTypeDefinition<'wait', WaitNodeData> = {
  type: 'wait',
  title: 'wait',
  dataSchema: waitNodeDataSchema,
  handles: (data) => (data.mode === 'event' ? ['event', 'timeout'] : ['next']),
  defaultData: () => ({ mode: 'duration', duration: { amount: 1, unit: 'days' } }),
};
