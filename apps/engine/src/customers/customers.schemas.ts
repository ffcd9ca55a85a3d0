import { z } from 'zod';

const optionalText = z.string().trim().min(1).max(200).optional();

/** Query of GET /api/customers. `attr.<key>=<value>` filters on free attributes (added by the controller). */
export const listCustomersQuery = z.strictObject({
  page: z.coerce.number().int().min(1, 'page starts at 1').default(1),
  pageSize: z.coerce.number().int().min(1).max(500, 'pageSize is at most 500').default(50),
  q: z.string().trim().max(200).optional().describe('Search in external id, email and name'),
  country: optionalText,
  city: optionalText,
  plan: optionalText,
  occupation: optionalText,
  emailConsent: z.enum(['true', 'false'], { error: 'emailConsent must be true or false' }).transform((v) => v === 'true').optional(),
  sort: z.enum(['id', '-id', 'createdAt', '-createdAt', 'externalId', '-externalId']).default('id'),
});

export type ListCustomersQuery = z.infer<typeof listCustomersQuery> & { attributes: Record<string, string> };

export const timelineQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  before: z.string().max(200).optional().describe('The nextBefore of the previous page, or an ISO time'),
});

export const customerIdParam = z.coerce.number({ error: 'the customer id must be a number' }).int().positive('the customer id must be a positive number').max(2_147_483_647, 'no customer has that id');

/** Splits `attr.<key>` parameters from the others. */
export function splitAttributeFilters(query: Record<string, unknown>): { base: Record<string, unknown>; attributes: Record<string, string> } {
  const base: Record<string, unknown> = {};
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    if (key.startsWith('attr.') && key.length > 5) attributes[key.slice(5)] = String(value);
    else base[key] = value;
  }
  return { base, attributes };
}
