import { z } from 'zod';

export const ALGORITHMS = ['logistic', 'forest'] as const;
export const POPULATIONS = ['transactions', 'attribute'] as const;

export const trainBody = z
  .object({
    algorithms: z
      .array(z.enum(ALGORITHMS))
      .min(1)
      .refine((list) => new Set(list).size === list.length, 'list each algorithm once')
      .default([...ALGORITHMS])
      .describe('Candidates to train; the better one may become active.'),
    population: z.enum(POPULATIONS).default('transactions').describe('transactions: churn = no purchase within the horizon after the cutoff. attribute: customers carrying a churn flag attribute.'),
    horizonDays: z.number().int().min(7).max(730).default(90).describe('transactions: days after the cutoff in which a purchase means retained.'),
    cutoff: z.iso.datetime({ offset: true }).optional().describe('transactions: features from before it, labels from the horizon after it. Default: the newest transaction minus the horizon.'),
    labelAttribute: z.string().min(1).max(100).default('churned').describe('attribute: the attribute holding the churn flag.'),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(42),
    minimumPerClass: z.number().int().min(10).max(100_000).default(50).describe('Fewest churned and fewest retained customers accepted.'),
  })
  .strict();

export type TrainOptions = z.infer<typeof trainBody>;

export const idParam = z.coerce.number().int().positive().max(2 ** 31 - 1);

export const listRunsQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict();

export const compareQuery = z
  .object({
    candidate: idParam.describe('A candidate model version (trained by a training run)'),
    active: idParam.optional().describe('The model active when the candidate was trained (default: that one); any other is refused: it was not measured on the same rows'),
  })
  .strict();
