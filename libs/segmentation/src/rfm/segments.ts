/**
 * The standard named RFM segments on R (1..5) and FM = round((F + M) / 2) (halves round up), as the
 * widely used R × FM segment map does. Every one of the 25 cells has exactly one segment:
 *
 *   R \ FM |  1                 2                  3                  4                  5
 *   -------+-------------------------------------------------------------------------------------------
 *     5    |  New               Potential Loyalist Loyal              Champions          Champions
 *     4    |  Promising         Potential Loyalist Potential Loyalist Loyal              Champions
 *     3    |  Promising         Need Attention     Potential Loyalist Loyal              Loyal
 *     2    |  About to Sleep    Need Attention     Need Attention     At Risk            At Risk
 *     1    |  Lost              Hibernating        At Risk            Can't Lose Them    Can't Lose Them
 */
export const RFM_SEGMENTS = [
  'Champions',
  'Loyal',
  'Potential Loyalist',
  'New',
  'Promising',
  'Need Attention',
  'About to Sleep',
  'At Risk',
  "Can't Lose Them",
  'Hibernating',
  'Lost',
] as const;

export type RfmSegment = (typeof RFM_SEGMENTS)[number];

export interface RfmSegmentDefinition {
  segment: RfmSegment;
  /** [R, FM] cells of the grid. */
  cells: readonly (readonly [number, number])[];
  description: string;
}

export const RFM_SEGMENT_MAP: readonly RfmSegmentDefinition[] = [
  { segment: 'Champions', cells: [[5, 5], [5, 4], [4, 5]], description: 'bought recently, buy often and spend the most' },
  { segment: 'Loyal', cells: [[5, 3], [4, 4], [3, 5], [3, 4]], description: 'buy regularly and spend well' },
  { segment: 'Potential Loyalist', cells: [[5, 2], [4, 2], [4, 3], [3, 3]], description: 'recent customers with average frequency and spend' },
  { segment: 'New', cells: [[5, 1]], description: 'bought most recently, but not often yet' },
  { segment: 'Promising', cells: [[4, 1], [3, 1]], description: 'fairly recent shoppers who have not spent much' },
  { segment: 'Need Attention', cells: [[3, 2], [2, 3], [2, 2]], description: 'average recency, frequency and spend' },
  { segment: 'About to Sleep', cells: [[2, 1]], description: 'below average recency and frequency; will be lost without reactivation' },
  { segment: 'At Risk', cells: [[2, 5], [2, 4], [1, 3]], description: 'spent well and often, but long ago' },
  { segment: "Can't Lose Them", cells: [[1, 5], [1, 4]], description: 'were among the best customers, have not returned for a long time' },
  { segment: 'Hibernating', cells: [[1, 2]], description: 'last purchase long ago, low spend and few orders' },
  { segment: 'Lost', cells: [[1, 1]], description: 'lowest recency, frequency and spend' },
];

/** segmentIndexByCell[(r - 1) * 5 + (fm - 1)] = index into RFM_SEGMENTS. */
const segmentIndexByCell = (() => {
  const byCell = new Uint8Array(25).fill(255);
  RFM_SEGMENT_MAP.forEach(({ segment, cells }) => {
    for (const [r, fm] of cells) byCell[(r - 1) * 5 + (fm - 1)] = RFM_SEGMENTS.indexOf(segment);
  });
  return byCell;
})();

export function fmScore(f: number, m: number): number {
  return Math.floor((f + m) / 2 + 0.5);
}

/** Index into RFM_SEGMENTS of the cell (r, fm), both 1..5. */
export function rfmSegmentIndex(r: number, fm: number): number {
  if (!(Number.isInteger(r) && Number.isInteger(fm) && r >= 1 && r <= 5 && fm >= 1 && fm <= 5)) throw new RangeError(`RFM cell (${r}, ${fm}) is outside 1..5`);
  return segmentIndexByCell[(r - 1) * 5 + (fm - 1)];
}

export function rfmSegmentOf(r: number, fm: number): RfmSegment {
  return RFM_SEGMENTS[rfmSegmentIndex(r, fm)];
}
