import { z } from 'zod';
import { nodeLabelSchema, nodeSchemaOf, type NodeTypeDefinition } from '../node-base';

export const OFFER_KINDS = ['percent', 'fixed', 'points', 'free-shipping'] as const;
export type OfferKind = (typeof OFFER_KINDS)[number];

// The value's range depends on the kind; validateFlow checks it (OFFER_VALUE).
export const offerNodeDataSchema = z.object({
  label: nodeLabelSchema,
  kind: z.enum(OFFER_KINDS, { error: 'must be percent, fixed, points or free-shipping' }).describe('Percent discount, fixed amount, loyalty points or free shipping'),
  value: z.number({ error: 'must be a number' }).describe('Percent off, amount off, or number of points (ignored for free shipping)'),
  currency: z.string().regex(/^[A-Z]{3}$/, { error: 'must be a three-letter currency code, e.g. EUR' }).optional().describe('Currency of a fixed amount'),
  expiryDays: z.number().int({ error: 'must be a whole number of days' }).min(1, { error: 'must be at least 1 day' }).max(365, { error: 'must be at most 365 days' }).describe('Days the code stays valid'),
  codePrefix: z.string().regex(/^[A-Z0-9-]{0,12}$/, { error: 'must be up to 12 capital letters, digits or "-"' }).describe('Start of each unique code, e.g. "COMEBACK"'),
});

export type OfferNodeData = z.infer<typeof offerNodeDataSchema>;

export const offerNodeSchema = nodeSchemaOf('offer', offerNodeDataSchema);

export const offerNode: NodeTypeDefinition<'offer', OfferNodeData> = {
  type: 'offer',
  title: 'offer',
  dataSchema: offerNodeDataSchema,
  handles: () => ['next'],
  defaultData: () => ({ kind: 'percent', value: 10, expiryDays: 14, codePrefix: 'SAVE' }),
};
