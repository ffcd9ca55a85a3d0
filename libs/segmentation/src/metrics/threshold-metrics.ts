import { assertScoresAndLabels } from './check-inputs';

export interface ConfusionMatrix {
  truePositives: number;
  falsePositives: number;
  trueNegatives: number;
  falseNegatives: number;
}

export interface ThresholdMetrics {
  threshold: number;
  confusion: ConfusionMatrix;
  accuracy: number;
  /** TP / (TP + FP); 0 when nothing is predicted positive. */
  precision: number;
  /** TP / (TP + FN); 0 when there are no positives. */
  recall: number;
  /** Harmonic mean of precision and recall; 0 when both are 0. */
  f1: number;
}

/** Counts at a threshold: a row is predicted positive when its score is >= threshold. */
export function confusionMatrix(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold = 0.5): ConfusionMatrix {
  assertScoresAndLabels(scores, labels, 'confusion matrix');
  if (Number.isNaN(threshold)) throw new RangeError('confusion matrix: threshold is NaN');
  const counts: ConfusionMatrix = { truePositives: 0, falsePositives: 0, trueNegatives: 0, falseNegatives: 0 };
  for (let i = 0; i < labels.length; i++) {
    const predictedPositive = scores[i] >= threshold;
    if (labels[i] === 1) {
      if (predictedPositive) counts.truePositives++;
      else counts.falseNegatives++;
    } else if (predictedPositive) counts.falsePositives++;
    else counts.trueNegatives++;
  }
  return counts;
}

/** Accuracy, precision, recall and F1 at one threshold, with the confusion matrix they come from. */
export function thresholdMetrics(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold = 0.5): ThresholdMetrics {
  const confusion = confusionMatrix(scores, labels, threshold);
  const { truePositives: tp, falsePositives: fp, trueNegatives: tn, falseNegatives: fn } = confusion;
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { threshold, confusion, accuracy: (tp + tn) / labels.length, precision, recall, f1 };
}

export function accuracy(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold = 0.5): number {
  return thresholdMetrics(scores, labels, threshold).accuracy;
}
export function precision(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold = 0.5): number {
  return thresholdMetrics(scores, labels, threshold).precision;
}
export function recall(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold = 0.5): number {
  return thresholdMetrics(scores, labels, threshold).recall;
}
export function f1Score(scores: ArrayLike<number>, labels: ArrayLike<number>, threshold = 0.5): number {
  return thresholdMetrics(scores, labels, threshold).f1;
}
