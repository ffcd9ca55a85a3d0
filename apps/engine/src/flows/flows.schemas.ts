import { flowDefinitionSchema } from '@retain/rules';
import { z } from 'zod';

// Request envelopes. `definition` is accepted as any JSON here and checked by checkFlowShape, so
// that a bad name and a bad node come back together in one 400 with every problem listed.
// The `...Doc` variants document the same bodies with the flow schema of @retain/rules.

export const FLOW_STATUSES = ['draft', 'active', 'paused', 'archived'] as const;
export type FlowStatus = (typeof FLOW_STATUSES)[number];

export const EXPORT_FORMAT = 'retain-flow';
export const EXPORT_FORMAT_VERSION = 1;

const name = z.string().trim().min(1, 'a flow needs a name').max(120, 'a flow name must be at most 120 characters').describe('Unique among flows that are not archived');
const description = z.string().trim().max(2000, 'a description must be at most 2000 characters').nullable().optional().describe('What the flow is for');

export const createFlowBody = z.strictObject({ name, description, definition: z.unknown().optional() });
export const createFlowBodyDoc = createFlowBody.extend({ definition: flowDefinitionSchema.optional().describe('Defaults to a flow with just a trigger') });

export const saveDraftBody = z.strictObject({ definition: z.unknown() });
export const saveDraftBodyDoc = z.strictObject({ definition: flowDefinitionSchema });

export const publishBody = z
  .strictObject({
    expectedDraftChecksum: z.string().regex(/^[a-f0-9]{64}$/, 'must be the checksum of the draft (64 hexadecimal characters)').optional().describe('Publish only if the draft is still the one reviewed'),
  })
  .default({});

export const importBody = z.strictObject({
  format: z.literal(EXPORT_FORMAT, { error: `must be "${EXPORT_FORMAT}" (a file exported from Retain)` }),
  formatVersion: z.literal(EXPORT_FORMAT_VERSION, { error: `must be ${EXPORT_FORMAT_VERSION}` }),
  name,
  description,
  definition: z.unknown(),
});
export const importBodyDoc = importBody.extend({ definition: flowDefinitionSchema });

export const listFlowsQuery = z.strictObject({
  status: z.enum(FLOW_STATUSES).optional().describe('Only flows in this status; by default every flow that is not archived'),
});

export const flowIdParam = z.coerce.number({ error: 'a flow id is a number' }).int('a flow id is a whole number').positive('a flow id is positive').max(2_147_483_647);
export const versionParam = z.coerce.number({ error: 'a version is a number' }).int('a version is a whole number').positive('a version is positive').max(2_147_483_647);
