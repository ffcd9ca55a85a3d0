import { createRandom } from '../random';
import { averagePrecision } from './average-precision';
import { calibrationByDecile } from './calibration';
import { evaluateBinaryClassifier } from './evaluate';
import { brierScore, logLoss } from './probability-scores';
import { rocAuc } from './roc-auc';
import { rocCurve } from './roc-curve';
import { accuracy, confusionMatrix, f1Score, precision, recall, thresholdMetrics } from './threshold-metrics';

/** Brute force over every (positive, negative) pair: the definition the rank formula must match. */
function pairwiseAuc(scores: number[], labels: number[]): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < scores.length; i++) {
    for (let j = 0; j < scores.length; j++) {
      if (labels[i] !== 1 || labels[j] !== 0) continue;
      pairs++;
      wins += scores[i] > scores[j] ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    }
  }
  return wins / pairs;
}

describe('rocAuc', () => {
  it('matches the textbook example (3 of 4 pairs ordered)', () => {
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75, 12);
  });

  it('counts a tie between a positive and a negative as one half', () => {
    // pairs: (0.5 vs 0.5) ½ + (0.5 vs 0.2) 1, twice → 3 of 4
    expect(rocAuc([0.5, 0.5, 0.5, 0.2], [1, 0, 1, 0])).toBeCloseTo(0.75, 12);
    // 0.9 beats both negatives (2), 0.7 ties both (1), 0.3 loses both (0) → 3 of 6
    expect(rocAuc([0.9, 0.7, 0.7, 0.7, 0.3], [1, 1, 0, 0, 1])).toBeCloseTo(0.5, 12);
    expect(rocAuc([1, 1, 1, 1], [1, 0, 0, 1])).toBe(0.5);
  });

  it('is 1 for a perfect ranking and 0 for a reversed one', () => {
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [1, 1, 0, 0])).toBe(1);
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [1, 1, 0, 0])).toBe(0);
  });

  it('agrees with the pairwise definition on random scores with many ties', () => {
    const random = createRandom(7);
    const scores = Array.from({ length: 300 }, () => Math.round(random.next() * 20) / 20);
    const labels = scores.map((s) => (random.next() < 0.2 + 0.6 * s ? 1 : 0));
    expect(rocAuc(scores, labels)).toBeCloseTo(pairwiseAuc(scores, labels), 12);
  });

  it('rejects one class, mismatched lengths, non-binary labels and NaN scores with the reason', () => {
    expect(() => rocAuc([0.1, 0.2], [1, 1])).toThrow('ROC AUC needs both classes; found 2 positive and 0 negative rows');
    expect(() => rocAuc([0.1], [1, 0])).toThrow('1 scores for 2 labels');
    expect(() => rocAuc([0.1, 0.2], [1, 2])).toThrow('label in row 1 is 2');
    expect(() => rocAuc([NaN, 0.2], [1, 0])).toThrow('score in row 0 is NaN');
    expect(() => rocAuc([], [])).toThrow('no rows');
  });
});

describe('averagePrecision (step-wise, no interpolation)', () => {
  it('matches the hand computation: ½·1 + ½·⅔', () => {
    expect(averagePrecision([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(5 / 6, 12);
  });

  it('lets tied scores enter together', () => {
    // one threshold holds 2 positives of 3 rows: recall 0 → 1 at precision ⅔
    expect(averagePrecision([0.5, 0.5, 0.5, 0.2], [1, 0, 1, 0])).toBeCloseTo(2 / 3, 12);
    // ⅓·1 + ⅓·½ + ⅓·⅗
    expect(averagePrecision([0.9, 0.7, 0.7, 0.7, 0.3], [1, 1, 0, 0, 1])).toBeCloseTo(0.7, 12);
  });

  it('is 1 for a perfect ranking and the positive share for constant scores', () => {
    expect(averagePrecision([0.9, 0.8, 0.2], [1, 1, 0])).toBe(1);
    expect(averagePrecision([0.3, 0.3, 0.3, 0.3], [1, 0, 0, 0])).toBe(0.25);
  });
});

describe('logLoss and brierScore', () => {
  it('computes the mean negative log-likelihood', () => {
    expect(logLoss([0.9, 0.2], [1, 0])).toBeCloseTo(-(Math.log(0.9) + Math.log(0.8)) / 2, 12);
  });

  it('clips certain mistakes to −ln(ε) instead of Infinity', () => {
    expect(logLoss([0], [1])).toBeCloseTo(-Math.log(1e-15), 9);
    const wrongAndSure = logLoss([1], [0]);
    expect(Number.isFinite(wrongAndSure) && wrongAndSure > 30).toBe(true);
    expect(logLoss([1, 0], [1, 0])).toBeLessThan(1e-14);
    expect(logLoss([0], [1], 1e-3)).toBeCloseTo(-Math.log(1e-3), 12);
  });

  it('computes the Brier score', () => {
    expect(brierScore([0.9, 0.2, 0.6], [1, 0, 0])).toBeCloseTo(0.41 / 3, 12);
    expect(brierScore([1, 0], [1, 0])).toBe(0);
  });

  it('rejects values outside [0, 1]', () => {
    expect(() => logLoss([1.2], [1])).toThrow('score in row 0 is 1.2; probabilities must lie in [0, 1]');
    expect(() => brierScore([-0.1], [0])).toThrow('probabilities must lie in [0, 1]');
  });
});

describe('threshold metrics', () => {
  const scores = [0.9, 0.5, 0.4, 0.2, 0.7];
  const labels = [1, 1, 1, 0, 0];

  it('counts the confusion matrix with score >= threshold as positive', () => {
    expect(confusionMatrix(scores, labels)).toEqual({ truePositives: 2, falsePositives: 1, trueNegatives: 1, falseNegatives: 1 });
    expect(confusionMatrix(scores, labels, 0.8)).toEqual({ truePositives: 1, falsePositives: 0, trueNegatives: 2, falseNegatives: 2 });
  });

  it('derives accuracy, precision, recall and F1', () => {
    expect(accuracy(scores, labels)).toBeCloseTo(0.6, 12);
    expect(precision(scores, labels)).toBeCloseTo(2 / 3, 12);
    expect(recall(scores, labels)).toBeCloseTo(2 / 3, 12);
    expect(f1Score(scores, labels)).toBeCloseTo(2 / 3, 12);
    // at 0.8: precision 1, recall ⅓ → F1 = 2·⅓/(4/3) = ½
    const strict = thresholdMetrics(scores, labels, 0.8);
    expect([strict.precision, strict.recall, strict.f1, strict.accuracy]).toEqual([1, 1 / 3, 0.5, 0.6]);
  });

  it('gives 0, not NaN, when nothing is predicted positive', () => {
    const none = thresholdMetrics([0.1, 0.2], [1, 0], 0.5);
    expect([none.precision, none.recall, none.f1, none.accuracy]).toEqual([0, 0, 0, 0.5]);
  });
});

describe('calibrationByDecile', () => {
  it('compares mean prediction with the observed rate in equal-count bins', () => {
    const p = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];
    const y = [0, 0, 0, 1, 0, 1, 1, 1, 1, 1];
    const bins = calibrationByDecile(p, y, { bins: 5 });
    expect(bins.map((b) => b.count)).toEqual([2, 2, 2, 2, 2]);
    [0.15, 0.35, 0.55, 0.75, 0.95].forEach((mean, k) => expect(bins[k].meanPredicted).toBeCloseTo(mean, 12));
    expect(bins.map((b) => b.observedRate)).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(bins[0]).toMatchObject({ bin: 0, minPredicted: 0.1, maxPredicted: 0.2 });
  });

  it('sorts by prediction first and keeps bin sizes within one of each other', () => {
    const random = createRandom(3);
    const p = Array.from({ length: 25 }, () => random.next());
    const y = p.map((v) => (v > 0.5 ? 1 : 0));
    const bins = calibrationByDecile(p, y);
    expect(bins).toHaveLength(10);
    expect(bins.reduce((sum, b) => sum + b.count, 0)).toBe(25);
    expect(new Set(bins.map((b) => b.count))).toEqual(new Set([2, 3]));
    for (let k = 1; k < bins.length; k++) expect(bins[k].minPredicted).toBeGreaterThanOrEqual(bins[k - 1].maxPredicted);
  });

  it('leaves out empty bins when there are fewer rows than bins', () => {
    expect(calibrationByDecile([0.2, 0.8], [0, 1])).toHaveLength(2);
  });
});

describe('rocCurve', () => {
  it('returns one point per distinct score from (0,0) to (1,1)', () => {
    expect(rocCurve([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toEqual([
      { threshold: 1.8, falsePositiveRate: 0, truePositiveRate: 0 },
      { threshold: 0.8, falsePositiveRate: 0, truePositiveRate: 0.5 },
      { threshold: 0.4, falsePositiveRate: 0.5, truePositiveRate: 0.5 },
      { threshold: 0.35, falsePositiveRate: 0.5, truePositiveRate: 1 },
      { threshold: 0.1, falsePositiveRate: 1, truePositiveRate: 1 },
    ]);
  });

  it('merges ties into one point and drops points on straight segments', () => {
    expect(rocCurve([4, 3, 2, 1], [1, 1, 0, 0])).toEqual([
      { threshold: 5, falsePositiveRate: 0, truePositiveRate: 0 },
      { threshold: 3, falsePositiveRate: 0, truePositiveRate: 1 },
      { threshold: 1, falsePositiveRate: 1, truePositiveRate: 1 },
    ]);
    // a tie of one positive and one negative is one diagonal step
    expect(rocCurve([0.5, 0.5], [1, 0]).map((p) => [p.falsePositiveRate, p.truePositiveRate])).toEqual([[0, 0], [1, 1]]);
  });

  it('keeps at most maxPoints on a large input, and its area stays close to the AUC', () => {
    const random = createRandom(11);
    const labels = Array.from({ length: 5000 }, () => (random.next() < 0.3 ? 1 : 0));
    const scores = labels.map((y) => random.next() + 0.6 * y);
    const points = rocCurve(scores, labels);
    expect(points.length).toBeLessThanOrEqual(200);
    expect(points[0]).toMatchObject({ falsePositiveRate: 0, truePositiveRate: 0 });
    expect(points[points.length - 1]).toMatchObject({ falsePositiveRate: 1, truePositiveRate: 1 });
    let area = 0;
    for (let k = 1; k < points.length; k++) {
      expect(points[k].threshold).toBeLessThan(points[k - 1].threshold);
      expect(points[k].falsePositiveRate).toBeGreaterThanOrEqual(points[k - 1].falsePositiveRate);
      area += ((points[k].falsePositiveRate - points[k - 1].falsePositiveRate) * (points[k].truePositiveRate + points[k - 1].truePositiveRate)) / 2;
    }
    expect(area).toBeCloseTo(rocAuc(scores, labels), 2);
  });
});

describe('evaluateBinaryClassifier', () => {
  it('reports every metric for one set of predictions', () => {
    const report = evaluateBinaryClassifier([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]);
    expect(report).toMatchObject({ count: 4, positives: 2, rocAuc: 0.75, threshold: 0.5, accuracy: 0.75, precision: 1, recall: 0.5 });
    expect(report.averagePrecision).toBeCloseTo(5 / 6, 12);
    expect(report.calibration).toHaveLength(4);
  });
});
