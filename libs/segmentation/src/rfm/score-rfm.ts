import { quintileScores } from './quintile-scores';
import { fmScore, RFM_SEGMENTS, rfmSegmentIndex, RfmSegment } from './segments';

export interface RfmInput {
  recencyDays: ArrayLike<number>;
  frequency: ArrayLike<number>;
  monetary: ArrayLike<number>;
  /** Score only customers with a non-zero entry (e.g. `hasPurchase`); the others get scores 0 and no segment. */
  include?: ArrayLike<number>;
}

export interface RfmScores {
  /** 1..5, 5 = most recent. 0 = not scored. */
  r: Uint8Array;
  f: Uint8Array;
  m: Uint8Array;
  /** round((f + m) / 2). */
  fm: Uint8Array;
  /** Index into RFM_SEGMENTS; 255 = not scored. */
  segment: Uint8Array;
  scoredCount: number;
  /** grid[r - 1][fm - 1] = number of customers in that cell. */
  grid: number[][];
  segmentCounts: Record<RfmSegment, number>;
}

/** RFM quintile scores (see quintileScores for ties), the named segment and the R × FM grid. */
export function scoreRfm(input: RfmInput): RfmScores {
  const n = input.recencyDays.length;
  if (input.frequency.length !== n || input.monetary.length !== n || (input.include && input.include.length !== n)) {
    throw new RangeError(`RFM columns differ in length: recency ${n}, frequency ${input.frequency.length}, monetary ${input.monetary.length}${input.include ? `, include ${input.include.length}` : ''}`);
  }
  const recencyAscending = quintileScores(input.recencyDays, input.include);
  const f = quintileScores(input.frequency, input.include);
  const m = quintileScores(input.monetary, input.include);
  const r = new Uint8Array(n);
  const fm = new Uint8Array(n);
  const segment = new Uint8Array(n).fill(255);
  const grid = Array.from({ length: 5 }, () => [0, 0, 0, 0, 0]);
  const segmentCounts = Object.fromEntries(RFM_SEGMENTS.map((name) => [name, 0])) as Record<RfmSegment, number>;
  let scoredCount = 0;
  for (let i = 0; i < n; i++) {
    if (recencyAscending[i] === 0) continue;
    r[i] = 6 - recencyAscending[i]; // fewer days since the last purchase = better
    fm[i] = fmScore(f[i], m[i]);
    segment[i] = rfmSegmentIndex(r[i], fm[i]);
    grid[r[i] - 1][fm[i] - 1]++;
    segmentCounts[RFM_SEGMENTS[segment[i]]]++;
    scoredCount++;
  }
  return { r, f, m, fm, segment, scoredCount, grid, segmentCounts };
}
