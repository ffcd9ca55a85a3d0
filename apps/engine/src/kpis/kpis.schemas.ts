import { z } from 'zod';
import { queryInt } from '../common/validation/parse';

const id = (what: string) => z.coerce.number({ error: `${what} is a number` }).int(`${what} is a whole number`).positive(`${what} is positive`).max(2_147_483_647);

export const kpisQuery = z.strictObject({
  flowId: id('flowId').optional().describe('Compare each KPI before and after the date this flow was first published'),
  atRiskSegmentId: id('atRiskSegmentId').optional().describe('The at-risk segment for the time to identify; by default every churn score band segment'),
});
export type KpisQuery = z.infer<typeof kpisQuery>;

export const segmentHealthQuery = z.strictObject({
  segmentId: id('segmentId').optional().describe('One segment; by default every segment that is not archived'),
  weeks: queryInt(1, 260, 26).describe('Weeks up to the latest membership change (26 by default)'),
});
export type SegmentHealthQuery = z.infer<typeof segmentHealthQuery>;
