import { assertBothClasses, assertScoresAndLabels, indicesByScoreDescending } from './check-inputs';

export interface RocPoint {
  /**
   * Rows with score >= threshold are predicted positive. The first point, (0, 0), has threshold
   * max(score) + 1 (above every score, and unlike Infinity it survives JSON).
   */
  threshold: number;
  falsePositiveRate: number;
  truePositiveRate: number;
}

export interface RocCurveOptions {
  /** Upper bound on the number of points returned (first and last always kept). Default 200. */
  maxPoints?: number;
}

/**
 * ROC curve points from (0, 0) to (1, 1), one per distinct score, then thinned for charts: points
 * lying on a straight segment between their neighbours are dropped (they add nothing to the
 * shape), and if more than `maxPoints` remain, evenly spaced ones are kept.
 */
export function rocCurve(scores: ArrayLike<number>, labels: ArrayLike<number>, options: RocCurveOptions = {}): RocPoint[] {
  const maxPoints = options.maxPoints ?? 200;
  if (!Number.isInteger(maxPoints) || maxPoints < 2) throw new RangeError(`ROC curve: maxPoints must be an integer >= 2, got ${maxPoints}`);
  assertScoresAndLabels(scores, labels, 'ROC curve');
  const { positives, negatives } = assertBothClasses(labels, 'ROC curve');
  const order = indicesByScoreDescending(scores);
  const all: RocPoint[] = [{ threshold: scores[order[0]] + 1, falsePositiveRate: 0, truePositiveRate: 0 }];
  let tp = 0;
  let fp = 0;
  for (let start = 0; start < order.length; ) {
    const threshold = scores[order[start]];
    let end = start;
    while (end < order.length && scores[order[end]] === threshold) {
      if (labels[order[end]] === 1) tp++;
      else fp++;
      end++;
    }
    all.push({ threshold, falsePositiveRate: fp / negatives, truePositiveRate: tp / positives });
    start = end;
  }
  return thinEvenly(dropCollinear(all), maxPoints);
}

function dropCollinear(points: RocPoint[]): RocPoint[] {
  if (points.length <= 2) return points;
  const kept = [points[0]];
  for (let k = 1; k < points.length - 1; k++) {
    const a = kept[kept.length - 1];
    const b = points[k];
    const c = points[k + 1];
    const cross = (b.falsePositiveRate - a.falsePositiveRate) * (c.truePositiveRate - a.truePositiveRate) - (b.truePositiveRate - a.truePositiveRate) * (c.falsePositiveRate - a.falsePositiveRate);
    if (Math.abs(cross) > 1e-12) kept.push(b);
  }
  kept.push(points[points.length - 1]);
  return kept;
}

function thinEvenly(points: RocPoint[], maxPoints: number): RocPoint[] {
  if (points.length <= maxPoints) return points;
  const kept: RocPoint[] = [];
  for (let k = 0; k < maxPoints; k++) kept.push(points[Math.round((k * (points.length - 1)) / (maxPoints - 1))]);
  return kept;
}
