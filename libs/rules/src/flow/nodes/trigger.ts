import { z } from 'zod';
import { conditionSchema, nodeLabelSchema, nodeSchemaOf, type NodeTypeDefinition } from '../node-base';

const CRON_FIELD = /^(\*|\d+)(-\d+)?(\/\d+)?(,(\*|\d+)(-\d+)?(\/\d+)?)*$/;

export const triggerSourceSchema = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('segment-entered'),
      segmentId: z.string().min(1, { error: 'needs a segment' }).describe('The segment whose new members enter the journey'),
    }),
    z.object({
      kind: z.literal('event'),
      eventName: z.string().min(1, { error: 'needs an event name' }).describe('The tracked event that starts the journey, e.g. "cart_abandoned"'),
      condition: conditionSchema.optional().describe('Optional condition on the event properties'),
    }),
    z.object({
      kind: z.literal('schedule'),
      cron: z
        .string()
        .refine((cron) => cron.trim().split(/\s+/).length === 5 && cron.trim().split(/\s+/).every((field) => CRON_FIELD.test(field)), {
          error: 'must be a cron expression with five fields, e.g. "0 9 * * 1" (Mondays at 9:00)',
        })
        .describe('When to run, as a five-field cron expression'),
      audienceSegmentId: z.string().min(1, { error: 'needs a segment' }).describe('The segment whose members enter at each run'),
    }),
    z.object({ kind: z.literal('manual') }).describe('Customers are enrolled by hand or through the API'),
  ])
  .describe('What starts the journey');

export const reEntryPolicySchema = z
  .discriminatedUnion('policy', [
    z.object({ policy: z.literal('never') }).describe('A customer goes through the journey at most once'),
    z.object({ policy: z.literal('after-exit') }).describe('A customer may enter again once they have left'),
    z.object({
      policy: z.literal('after-days'),
      days: z.number().int({ error: 'must be a whole number of days' }).min(1, { error: 'must be at least 1' }).describe('Days after leaving before a new entry'),
    }),
  ])
  .describe('Whether a customer may enter the journey again');

/** Share of entrants a new flow holds out (builder default); a trigger without the field holds out nobody. */
export const DEFAULT_HOLDOUT_PERCENT = 5;
export const MAX_HOLDOUT_PERCENT = 50;

export const holdoutPercentSchema = z
  .number({ error: 'must be a number' })
  .min(0, { error: 'must be at least 0' })
  .max(MAX_HOLDOUT_PERCENT, { error: `must be at most ${MAX_HOLDOUT_PERCENT} (a larger holdout leaves too few customers treated)` })
  .describe('Percent of entrants kept out of the journey as a holdout (chosen by a hash of flow and customer), to measure its lift');

export const triggerNodeDataSchema = z.object({
  label: nodeLabelSchema,
  source: triggerSourceSchema,
  reEntry: reEntryPolicySchema,
  // optional so flows saved before holdouts existed keep running unchanged (no holdout)
  holdoutPercent: holdoutPercentSchema.optional(),
});

export type TriggerSource = z.infer<typeof triggerSourceSchema>;
export type ReEntryPolicy = z.infer<typeof reEntryPolicySchema>;
export type TriggerNodeData = z.infer<typeof triggerNodeDataSchema>;

export const triggerNodeSchema = nodeSchemaOf('trigger', triggerNodeDataSchema);

export const triggerNode: NodeTypeDefinition<'trigger', TriggerNodeData> = {
  type: 'trigger',
  title: 'trigger',
  dataSchema: triggerNodeDataSchema,
  handles: () => ['next'],
  defaultData: () => ({ source: { kind: 'manual' }, reEntry: { policy: 'never' }, holdoutPercent: DEFAULT_HOLDOUT_PERCENT }),
};
