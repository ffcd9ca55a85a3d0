import { scoreRfm } from '@retain/segmentation';
import { defaultFactsAsOf } from './facts-as-of';
import { rfmBoundaries, rfmCellAgainst, scoreAgainst } from './rfm-boundaries';

describe('RFM boundaries', () => {
  const values = { recencyDays: [1, 400, 30, 200, 5, 60, 90, 10, 3, 700], frequency: [20, 1, 5, 2, 1, 3, 4, 8, 12, 1], monetary: [5000, 20, 900, 100, 30, 300, 400, 1200, 2500, 10] };

  it('places every scored customer back in the cell the full ranking gave it', () => {
    const scores = scoreRfm(values);
    const boundaries = rfmBoundaries(values, scores);
    for (let i = 0; i < values.recencyDays.length; i++) {
      const cell = rfmCellAgainst(boundaries, { recencyDays: values.recencyDays[i], frequency: values.frequency[i], monetary: values.monetary[i] });
      expect(cell).toMatchObject({ r: scores.r[i], f: scores.f[i], m: scores.m[i] });
    }
  });

  it('scores values outside the seen range at the ends and skips empty scores', () => {
    expect(scoreAgainst([1, 5, null, 10, 20], 0)).toBe(1);
    expect(scoreAgainst([1, 5, null, 10, 20], 7)).toBe(2);
    expect(scoreAgainst([1, 5, null, 10, 20], 1e9)).toBe(5);
    expect(scoreAgainst([null, 3, null, null, null], 0)).toBe(2);
    expect(rfmCellAgainst({ recencyDays: [null, null, null, null, null], frequency: [1, 2, 3, 4, 5], monetary: [1, 2, 3, 4, 5] }, { recencyDays: 1, frequency: 1, monetary: 1 })).toBeNull();
  });
});

describe('defaultFactsAsOf', () => {
  it('takes one day after the newest transaction for historic data, now for live data', () => {
    const now = Date.UTC(2026, 10, 23);
    expect(defaultFactsAsOf(Date.UTC(2011, 11, 9, 12, 50), now)).toBe(Date.UTC(2011, 11, 10, 12, 50));
    expect(defaultFactsAsOf(now - 60_000, now)).toBe(now);
    expect(defaultFactsAsOf(NaN, now)).toBe(now);
  });
});
