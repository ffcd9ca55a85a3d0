import { flowDefinitionSchema } from '@retain/rules';
import { z } from 'zod';

// The definition is parsed by the service (with flow problems in words); the Doc schema documents it.
export const simulateBody = z.strictObject({ definition: z.unknown().optional() }).default({});
export const simulateBodyDoc = z.strictObject({ definition: flowDefinitionSchema.optional().describe('The journey to simulate; by default the draft (else the published version)') });
