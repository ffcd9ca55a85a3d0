import { quintileScores } from './quintile-scores';
import { scoreRfm } from './score-rfm';
import { fmScore, RFM_SEGMENT_MAP, RFM_SEGMENTS, rfmSegmentOf } from './segments';

describe('quintileScores', () => {
  it('gives quintiles 1..5 on distinct values', () => {
    expect(Array.from(quintileScores([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]))).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(Array.from(quintileScores([5, 1, 4, 2, 3]))).toEqual([5, 1, 4, 2, 3]);
  });

  it('gives tied values the score of their average rank', () => {
    // ranks 1..6 tie (average 3.5 of 10 -> quintile 2), then 7..10
    expect(Array.from(quintileScores([1, 1, 1, 1, 1, 1, 2, 3, 4, 5]))).toEqual([2, 2, 2, 2, 2, 2, 4, 4, 5, 5]);
    expect(Array.from(quintileScores([7, 7, 7]))).toEqual([3, 3, 3]);
  });

  it('skips excluded entries and rejects NaN', () => {
    expect(Array.from(quintileScores([1, NaN, 2], [1, 0, 1]))).toEqual([2, 0, 4]);
    expect(() => quintileScores([1, NaN])).toThrow('cannot be scored');
  });

  it('agrees with ranking the customers one by one, on ties, signed zeros, negatives and exclusions', () => {
    // the definition: order the included customers by value, average the ranks of each tie group
    const byRanking = (values: number[], include: number[]) => {
      const order = values.map((_, i) => i).filter((i) => include[i]).sort((a, b) => values[a] - values[b]);
      const scores = new Array(values.length).fill(0);
      for (let from = 0; from < order.length; ) {
        let to = from + 1;
        while (to < order.length && values[order[to]] === values[order[from]]) to++;
        for (let p = from; p < to; p++) scores[order[p]] = Math.min(5, Math.floor((5 * ((from + 1 + to) / 2 - 0.5)) / order.length) + 1);
        from = to;
      }
      return scores;
    };
    let seed = 3;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
    const kinds = [() => Math.floor(next() * 7), () => next() * 200 - 100, () => (next() < 0.5 ? 0 : next() < 0.5 ? -0 : next()), () => (next() < 0.4 ? 1 : Math.floor(next() * 40))];
    for (const kind of kinds) {
      for (const n of [1, 2, 7, 1000]) {
        const values = Array.from({ length: n }, kind);
        const include = Array.from({ length: n }, () => (next() < 0.85 ? 1 : 0));
        include[0] = 1;
        expect(Array.from(quintileScores(values, include))).toEqual(byRanking(values, include));
        expect(Array.from(quintileScores(values))).toEqual(byRanking(values, values.map(() => 1)));
      }
    }
  });
});

describe('RFM segments', () => {
  it('maps every one of the 25 cells to exactly one segment, all 11 used', () => {
    const seen = new Map<string, string>();
    for (const { segment, cells } of RFM_SEGMENT_MAP) {
      for (const [r, fm] of cells) {
        expect(seen.has(`${r},${fm}`)).toBe(false);
        seen.set(`${r},${fm}`, segment);
      }
    }
    expect(seen.size).toBe(25);
    expect(new Set(seen.values()).size).toBe(RFM_SEGMENTS.length);
    expect(rfmSegmentOf(5, 5)).toBe('Champions');
    expect(rfmSegmentOf(5, 1)).toBe('New');
    expect(rfmSegmentOf(1, 5)).toBe("Can't Lose Them");
    expect(rfmSegmentOf(1, 1)).toBe('Lost');
    expect(rfmSegmentOf(2, 1)).toBe('About to Sleep');
    expect(() => rfmSegmentOf(0, 3)).toThrow('outside 1..5');
  });

  it('rounds the F and M average half up', () => {
    expect(fmScore(1, 2)).toBe(2);
    expect(fmScore(4, 5)).toBe(5);
    expect(fmScore(3, 3)).toBe(3);
  });
});

describe('scoreRfm', () => {
  it('reverses recency, names segments and fills the R x FM grid', () => {
    const scores = scoreRfm({
      recencyDays: [1, 400, 30, 200, 5],
      frequency: [20, 1, 5, 2, 1],
      monetary: [5000, 20, 900, 100, 30],
    });
    expect(Array.from(scores.r)).toEqual([5, 1, 3, 2, 4]);
    expect(Array.from(scores.f)).toEqual([5, 2, 4, 3, 2]);
    expect(Array.from(scores.segment).map((s) => RFM_SEGMENTS[s])).toEqual(['Champions', 'Hibernating', 'Loyal', 'Need Attention', 'Potential Loyalist']);
    expect(scores.grid[4][4]).toBe(1);
    expect(scores.grid.flat().reduce((a, b) => a + b, 0)).toBe(5);
    expect(scores.segmentCounts.Champions).toBe(1);
  });

  it('leaves excluded customers unscored', () => {
    const scores = scoreRfm({ recencyDays: [1, 2], frequency: [1, 1], monetary: [1, 1], include: [1, 0] });
    expect(scores.scoredCount).toBe(1);
    expect(scores.segment[1]).toBe(255);
  });
});
