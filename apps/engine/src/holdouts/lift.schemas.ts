import { z } from 'zod';

export const DEFAULT_LIFT_WINDOW_DAYS = 30;
/** Retained = bought again within the churn model's horizon after entering. */
export const RETENTION_HORIZON_DAYS = 90;

export const liftQuery = z.strictObject({
  windowDays: z.coerce
    .number({ error: 'windowDays is a number of days' })
    .int('windowDays is a whole number of days')
    .min(1, 'windowDays must be at least 1')
    .max(365, 'windowDays must be at most 365')
    .default(DEFAULT_LIFT_WINDOW_DAYS)
    .describe('Days after entering the flow in which a purchase or goal event counts as a conversion; 30 by default'),
  confidence: z.coerce.number().gt(0.5, 'confidence must be more than 0.5').lt(1, 'confidence must be less than 1').default(0.95).describe('Confidence of the intervals'),
});
export type LiftQuery = z.infer<typeof liftQuery>;
