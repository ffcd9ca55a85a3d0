// Candidates and the active model side by side, each measured on the same held-out rows of one
// training run (the seeded split the candidates were tested on). Stored in the run's outcome and
// served by GET /api/models/compare.
import type { BinaryClassificationReport } from '@retain/segmentation';

export interface ComparedMetrics {
  rocAuc: number;
  averagePrecision: number;
  logLoss: number;
  brierScore: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface ComparedModel {
  role: 'candidate' | 'active';
  modelVersionId: number;
  algorithm: string;
  metrics: ComparedMetrics;
}

export interface ModelComparison {
  /** Held-out rows every model below was measured on (count and how many churned). */
  heldOutRows: number;
  heldOutChurned: number;
  seed: number;
  testFraction: number;
  /** False when the active model could not score these rows: its metrics are then its stored ones. */
  activeOnSameRows: boolean;
  models: ComparedModel[];
}

export function comparedMetrics(report: BinaryClassificationReport | ComparedMetrics): ComparedMetrics {
  const { rocAuc, averagePrecision, logLoss, brierScore, accuracy, precision, recall, f1 } = report as ComparedMetrics;
  return { rocAuc, averagePrecision, logLoss, brierScore, accuracy, precision, recall, f1 };
}
