import { fmScore, RFM_SEGMENTS, rfmSegmentOf, type RfmScores } from '@retain/segmentation';

/** Per dimension, the smallest value that earned each quintile score 1..5 (null when no customer got it). */
export interface RfmBoundaries {
  recencyDays: (number | null)[];
  frequency: (number | null)[];
  monetary: (number | null)[];
}

/**
 * The quintile boundaries of a full RFM scoring, so one customer can later be placed in the same
 * grid without ranking everyone again. Recency is stored in ascending-score order (1 = fewest days).
 */
export function rfmBoundaries(values: { recencyDays: ArrayLike<number>; frequency: ArrayLike<number>; monetary: ArrayLike<number> }, scores: RfmScores): RfmBoundaries {
  const smallest = (column: ArrayLike<number>, score: (i: number) => number) => {
    const mins: (number | null)[] = [null, null, null, null, null];
    for (let i = 0; i < column.length; i++) {
      const s = score(i);
      if (s < 1) continue;
      const current = mins[s - 1];
      if (current === null || column[i] < current) mins[s - 1] = column[i];
    }
    return mins;
  };
  return {
    recencyDays: smallest(values.recencyDays, (i) => (scores.r[i] ? 6 - scores.r[i] : 0)),
    frequency: smallest(values.frequency, (i) => scores.f[i]),
    monetary: smallest(values.monetary, (i) => scores.m[i]),
  };
}

/** The score whose range holds `value`: the highest score whose smallest value is at most `value`. */
export function scoreAgainst(boundaries: readonly (number | null)[], value: number): number {
  let score = 0;
  let lowest = 0;
  for (let s = 1; s <= 5; s++) {
    const from = boundaries[s - 1];
    if (from === null) continue;
    if (lowest === 0) lowest = s;
    if (value >= from) score = s;
  }
  return score || lowest;
}

/** R, F, M and the named segment of one customer against stored boundaries; null when there are none. */
export function rfmCellAgainst(boundaries: RfmBoundaries, customer: { recencyDays: number; frequency: number; monetary: number }): { r: number; f: number; m: number; segment: (typeof RFM_SEGMENTS)[number] } | null {
  const recencyAscending = scoreAgainst(boundaries.recencyDays, customer.recencyDays);
  const f = scoreAgainst(boundaries.frequency, customer.frequency);
  const m = scoreAgainst(boundaries.monetary, customer.monetary);
  if (!recencyAscending || !f || !m) return null;
  const r = 6 - recencyAscending;
  return { r, f, m, segment: rfmSegmentOf(r, fmScore(f, m)) };
}
