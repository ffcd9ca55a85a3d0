import { z } from 'zod';
import { nodeLabelSchema, nodeSchemaOf, type NodeTypeDefinition } from '../node-base';

export const MAX_AB_VARIANTS = 10;

export const abVariantSchema = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/, { error: 'must be 1 to 40 letters, digits, "-" or "_"' })
    .describe('Stable id of the arm; also the name of its outgoing handle'),
  label: z.string().describe('Name of the arm shown to the marketer'),
  weight: z.number({ error: 'must be a number' }).min(0, { error: 'must be 0 or more' }).describe('Share of customers, in percent'),
});

// Weight sum, arm count, duplicate ids and the control arm are checked by validateFlow.
export const abSplitNodeDataSchema = z.object({
  label: nodeLabelSchema,
  experimentKey: z.string().min(1, { error: 'needs an experiment key' }).describe('Names the experiment; with the customer id it decides the arm'),
  variants: z.array(abVariantSchema).describe('The arms, with weights adding up to 100'),
  controlVariantId: z.string().optional().describe('The arm the others are compared with'),
  autoPromote: z
    .boolean()
    .optional()
    .describe('Send new entrants to the winning arm by itself once an arm beats the control with 95 % probability on the minimum sample'),
});

export type AbVariant = z.infer<typeof abVariantSchema>;
export type AbSplitNodeData = z.infer<typeof abSplitNodeDataSchema>;

export const abSplitNodeSchema = nodeSchemaOf('abSplit', abSplitNodeDataSchema);

export const abSplitNode: NodeTypeDefinition<'abSplit', AbSplitNodeData> = {
  type: 'abSplit',
  title: 'A/B split',
  dataSchema: abSplitNodeDataSchema,
  handles: (data) => data.variants.map((variant) => variant.id),
  defaultData: () => ({
    experimentKey: 'new-experiment',
    variants: [
      { id: 'A', label: 'A', weight: 50 },
      { id: 'B', label: 'B', weight: 50 },
    ],
    controlVariantId: 'A',
  }),
};
