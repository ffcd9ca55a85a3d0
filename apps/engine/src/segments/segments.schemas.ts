import { RFM_SEGMENTS } from '@retain/segmentation';
import { z } from 'zod';
import { SCORE_KINDS } from './fact-catalogue';

// One definition schema per segment kind; the API body is discriminated on `kind`.

export const ruleDefinition = z.strictObject({
  condition: z.record(z.string(), z.unknown()).describe('A json-rules-engine condition (all / any / not) over the facts of GET /api/segments/facts'),
});

const rfmCell = z.strictObject({ r: z.number().int().min(1).max(5), fm: z.number().int().min(1).max(5) });
export const rfmDefinition = z.union([
  z.strictObject({
    segments: z
      .array(z.string())
      .min(1, 'name at least one RFM segment')
      .describe(`Named RFM segments: ${RFM_SEGMENTS.join(', ')}`),
  }),
  z.strictObject({ cells: z.array(rfmCell).min(1, 'name at least one cell').describe('Cells of the R × FM grid, each 1–5') }),
]);

export const clusterDefinition = z.strictObject({
  clusters: z.array(z.number().int().min(0)).min(1, 'name at least one cluster').describe('Cluster numbers of the latest clustering run'),
});

export const scoreBandDefinition = z
  .strictObject({
    model: z.enum(SCORE_KINDS).default('churn').describe('Model kind; the active version of it is used'),
    min: z.number().min(0).max(1).optional().describe('Lowest score in the band (inclusive)'),
    max: z.number().min(0).max(1).optional().describe('Highest score in the band (inclusive)'),
  })
  .refine((d) => d.min !== undefined || d.max !== undefined, { message: 'give min, max or both' })
  .refine((d) => d.min === undefined || d.max === undefined || d.min <= d.max, { message: 'min must not be above max' });

const manualIds = {
  externalIds: z.array(z.string().min(1).max(200)).max(1_000_000).optional().describe('External ids of the customers'),
  customerIds: z.array(z.number().int().positive()).max(1_000_000).optional().describe('Customer ids'),
};
export const manualDefinition = z.strictObject(manualIds);
export const manualMembersBody = z.strictObject(manualIds).refine((d) => d.externalIds || d.customerIds, { message: 'give externalIds or customerIds' });

const name = z.string().trim().min(1, 'a segment needs a name').max(120);
const description = z.string().trim().max(2000).nullable().optional();

export const segmentInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('rule'), name, description, definition: ruleDefinition }),
  z.strictObject({ kind: z.literal('rfm'), name, description, definition: rfmDefinition }),
  z.strictObject({ kind: z.literal('cluster'), name, description, definition: clusterDefinition }),
  z.strictObject({ kind: z.literal('scoreBand'), name, description, definition: scoreBandDefinition }),
  z.strictObject({ kind: z.literal('manual'), name, description, definition: manualDefinition.default({}) }),
]);
export type SegmentInput = z.infer<typeof segmentInput>;
export type SegmentKind = SegmentInput['kind'];

/** A stored definition after normalisation (manual lists hold customer ids). */
export type StoredDefinition =
  | { kind: 'rule'; definition: z.infer<typeof ruleDefinition> }
  | { kind: 'rfm'; definition: { segments: string[] } | { cells: Array<{ r: number; fm: number }> } }
  | { kind: 'cluster'; definition: { clusters: number[] } }
  | { kind: 'scoreBand'; definition: { model: (typeof SCORE_KINDS)[number]; min?: number; max?: number } }
  | { kind: 'manual'; definition: { customerIds: number[] } };

export const segmentPatch = z
  .strictObject({ name: name.optional(), description, definition: z.unknown().optional() })
  .refine((p) => Object.keys(p).length > 0, { message: 'nothing to change' });

export const previewInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('rule'), definition: ruleDefinition, sampleSize: z.number().int().min(0).max(100).default(20) }),
  z.strictObject({ kind: z.literal('rfm'), definition: rfmDefinition, sampleSize: z.number().int().min(0).max(100).default(20) }),
  z.strictObject({ kind: z.literal('cluster'), definition: clusterDefinition, sampleSize: z.number().int().min(0).max(100).default(20) }),
  z.strictObject({ kind: z.literal('scoreBand'), definition: scoreBandDefinition, sampleSize: z.number().int().min(0).max(100).default(20) }),
  z.strictObject({ kind: z.literal('manual'), definition: manualDefinition, sampleSize: z.number().int().min(0).max(100).default(20) }),
]);

export const segmentIdParam = z.coerce.number({ error: 'the segment id must be a number' }).int().positive('the segment id must be a positive number').max(2_147_483_647, 'no segment has that id');

export const listSegmentsQuery = z.strictObject({
  includeArchived: z.enum(['true', 'false']).transform((v) => v === 'true').default(false).describe('Also list archived segments'),
  kind: z.enum(['rule', 'rfm', 'cluster', 'scoreBand', 'manual']).optional(),
});

export const membersQuery = z.strictObject({
  page: z.coerce.number().int().min(1, 'page starts at 1').default(1),
  pageSize: z.coerce.number().int().min(1).max(500, 'pageSize is at most 500').default(50),
});

export const historyQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500, 'limit is at most 500').default(50),
  before: z.string().regex(/^\d{1,19}$/, 'before must be the nextBefore of the previous page').optional().describe('The nextBefore of the previous page'),
  kind: z.enum(['entered', 'exited']).optional(),
});

export const sizeHistoryQuery = z.strictObject({
  days: z.coerce.number().int().min(1).max(3660).default(90).describe('How many days back from today'),
});

export const customerHistoryQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
