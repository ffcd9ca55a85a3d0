import { z } from 'zod';

export const redeemOfferBody = z.strictObject({
  code: z.string().trim().min(1, 'needs the offer code').max(100, 'an offer code is at most 100 characters').describe('The code the customer used'),
  orderId: z.string().trim().min(1).max(200).optional().describe('The order it was used for (kept with the redemption)'),
});

export const listOffersQuery = z.strictObject({
  customerId: z.coerce.number().int().positive().optional().describe('Only this customer\'s offers'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
