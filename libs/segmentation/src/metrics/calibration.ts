import { assertProbabilities } from './check-inputs';

export interface CalibrationBin {
  /** 0 = the customers with the lowest predicted risk. */
  bin: number;
  count: number;
  minPredicted: number;
  maxPredicted: number;
  meanPredicted: number;
  /** Share of positives actually observed in the bin. */
  observedRate: number;
}

export interface CalibrationOptions {
  /** Number of equal-count bins; 10 gives deciles. */
  bins?: number;
}

/**
 * Calibration by quantile of predicted probability: rows sorted by prediction (ties by row order)
 * and cut into `bins` groups of equal count (sizes differ by at most one). A well calibrated model
 * has meanPredicted ≈ observedRate in every bin. Empty bins (fewer rows than bins) are left out.
 */
export function calibrationByDecile(probabilities: ArrayLike<number>, labels: ArrayLike<number>, options: CalibrationOptions = {}): CalibrationBin[] {
  const bins = options.bins ?? 10;
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`calibration: bins must be a positive integer, got ${bins}`);
  assertProbabilities(probabilities, labels, 'calibration');
  const n = labels.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => probabilities[a] - probabilities[b] || a - b);
  const result: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    const start = Math.floor((b * n) / bins);
    const end = Math.floor(((b + 1) * n) / bins);
    if (end === start) continue;
    let predictedSum = 0;
    let positives = 0;
    for (let k = start; k < end; k++) {
      predictedSum += probabilities[order[k]];
      positives += labels[order[k]];
    }
    const count = end - start;
    result.push({
      bin: b,
      count,
      minPredicted: probabilities[order[start]],
      maxPredicted: probabilities[order[end - 1]],
      meanPredicted: predictedSum / count,
      observedRate: positives / count,
    });
  }
  return result;
}
