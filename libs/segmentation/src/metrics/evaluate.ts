import { averagePrecision } from './average-precision';
import { CalibrationBin, calibrationByDecile } from './calibration';
import { brierScore, logLoss } from './probability-scores';
import { rocAuc } from './roc-auc';
import { ThresholdMetrics, thresholdMetrics } from './threshold-metrics';

export interface BinaryClassificationReport extends ThresholdMetrics {
  count: number;
  positives: number;
  rocAuc: number;
  /** Average precision (step-wise area under the precision–recall curve). */
  averagePrecision: number;
  logLoss: number;
  brierScore: number;
  calibration: CalibrationBin[];
}

/** Every held-out metric for predicted probabilities in one pass of calls. */
export function evaluateBinaryClassifier(probabilities: ArrayLike<number>, labels: ArrayLike<number>, options: { threshold?: number } = {}): BinaryClassificationReport {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i];
  return {
    count: labels.length,
    positives,
    rocAuc: rocAuc(probabilities, labels),
    averagePrecision: averagePrecision(probabilities, labels),
    logLoss: logLoss(probabilities, labels),
    brierScore: brierScore(probabilities, labels),
    ...thresholdMetrics(probabilities, labels, options.threshold ?? 0.5),
    calibration: calibrationByDecile(probabilities, labels),
  };
}
