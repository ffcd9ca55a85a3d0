import { z } from 'zod';
import { DomainError } from '../../common/errors/domain-error';
import { parseInput } from '../../common/validation/parse';

/** Most customers one call names; a segment is the way to enroll more. */
export const MAX_IDS_PER_CALL = 10_000;

const tooMany = `at most ${MAX_IDS_PER_CALL.toLocaleString('en-US')} customers per call (enroll a segment for more)`;
const customerId = z.number({ error: 'a customer id is a number' }).int('a customer id is a whole number').positive('a customer id is positive').max(2_147_483_647);

const byCustomerIds = z.strictObject({ customerIds: z.array(customerId).min(1, 'name at least one customer').max(MAX_IDS_PER_CALL, tooMany) });
const bySegment = z.strictObject({ segmentId: z.number({ error: 'a segment id is a number' }).int('a segment id is a whole number').positive('a segment id is positive').max(2_147_483_647) });
const byExternalIds = z.strictObject({
  externalIds: z.array(z.string().min(1, 'an external id is not empty').max(256, 'an external id has at most 256 characters')).min(1, 'name at least one customer').max(MAX_IDS_PER_CALL, tooMany),
});

export type EnrollBody = z.infer<typeof byCustomerIds> | z.infer<typeof bySegment> | z.infer<typeof byExternalIds>;

/** Exactly one of: Retain customer ids, a segment's current members, or your own (external) ids. */
export function parseEnrollBody(body: unknown): EnrollBody {
  const given = body !== null && typeof body === 'object' ? (['customerIds', 'segmentId', 'externalIds'] as const).filter((key) => key in body) : [];
  if (given.length !== 1) {
    const message = 'Give exactly one of customerIds, segmentId or externalIds.';
    throw new DomainError('VALIDATION_FAILED', given.length ? `${message} This request gives ${given.join(' and ')}.` : message, [{ message }]);
  }
  const schema = given[0] === 'customerIds' ? byCustomerIds : given[0] === 'segmentId' ? bySegment : byExternalIds;
  return parseInput(schema, body, 'enrollment request');
}

/** For the OpenAPI document (the union above is what is enforced). */
export const enrollBodyDoc = z.object({
  customerIds: z.array(z.number().int()).optional().describe(`Retain customer ids (at most ${MAX_IDS_PER_CALL})`),
  segmentId: z.number().int().optional().describe("Enroll the segment's current members"),
  externalIds: z.array(z.string()).optional().describe(`Your own customer ids, as sent to /v1/identify (at most ${MAX_IDS_PER_CALL})`),
});
