import { z } from 'zod';

export const DEFAULT_ATTRIBUTION_WINDOW_DAYS = 7;

export const experimentsQuery = z.strictObject({
  windowDays: z.coerce
    .number({ error: 'windowDays is a number of days' })
    .positive('windowDays must be more than 0')
    .max(365, 'windowDays must be at most 365')
    .default(DEFAULT_ATTRIBUTION_WINDOW_DAYS)
    .describe('Attribution window after exposure, in days (last touch); 7 by default'),
  minExposures: z.coerce.number().int('minExposures is a whole number').min(0).max(10_000_000).optional().describe('Exposures every arm needs before the result counts; RETAIN_EXPERIMENT_MIN_EXPOSURES (400) by default. Promotion always uses the configured minimum'),
  minConversions: z.coerce.number().int('minConversions is a whole number').min(0).max(10_000_000).optional().describe('Conversions every arm needs before the result counts; RETAIN_EXPERIMENT_MIN_CONVERSIONS (20) by default'),
  confidence: z.coerce.number().gt(0.5, 'confidence must be more than 0.5').lt(1, 'confidence must be less than 1').default(0.95).describe('Confidence of the intervals'),
});
export type ExperimentsQuery = z.infer<typeof experimentsQuery>;

export const nodeIdParam = z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'a node id is 1 to 100 letters, digits or "-_.:"');

export const promoteBody = z
  .strictObject({
    variantId: z.string().min(1).max(40).describe('The arm to promote'),
    experimentKey: z.string().min(1).optional().describe('Needed only if the node ran more than one experiment key'),
    windowDays: z.number().positive().max(365).default(DEFAULT_ATTRIBUTION_WINDOW_DAYS).describe('Attribution window the result is computed with'),
    acknowledgeWeakEvidence: z
      .boolean()
      .optional()
      .describe('Promote although the arm’s probability to beat the control is below 95 % (the minimum sample and a sound split are still required); recorded in the audit log'),
  })
  .describe('Promote an arm: new entrants of the split go to it');
