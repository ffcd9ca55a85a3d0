import { api } from './client';

/** Shapes and calls of the models endpoints (apps/engine/src/models). */

export interface ConfusionCounts {
  truePositives: number;
  falsePositives: number;
  trueNegatives: number;
  falseNegatives: number;
}

export interface CalibrationBin {
  bin: number;
  count: number;
  meanPredicted: number;
  observedRate: number;
}

export interface ModelMetrics {
  rocAuc?: number;
  averagePrecision?: number;
  logLoss?: number;
  brierScore?: number;
  accuracy?: number;
  precision?: number;
  recall?: number;
  f1?: number;
  threshold?: number;
  count?: number;
  positives?: number;
  confusion?: ConfusionCounts;
  calibration?: CalibrationBin[];
}

export interface DataWindow {
  population?: string;
  cutoff?: string;
  horizonDays?: number;
  horizonEnd?: string;
  eligibleCustomers?: number;
  churnedCustomers?: number;
  churnRate?: number;
  scoredAsOf?: string;
  labelAttribute?: string;
}

export type ModelStatus = 'candidate' | 'active' | 'retired' | string;

export interface ModelVersion {
  id: number;
  kind: string;
  algorithm: string;
  version: number;
  status: ModelStatus;
  trainingRunId: number | null;
  featureNames: string[];
  dataWindow: DataWindow;
  metrics: ModelMetrics;
  createdAt: string;
  activatedAt: string | null;
  retiredAt: string | null;
}

export interface FeatureImportance {
  name: string;
  meanAucDrop: number;
  stdAucDrop?: number;
}

export interface ModelVersionDetail extends ModelVersion {
  rocPoints: { falsePositiveRate: number; truePositiveRate: number; threshold?: number }[] | null;
  importances: FeatureImportance[] | null;
}

export interface TrainingRun {
  id: number;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | string;
  trigger: string;
  options: { population?: string; algorithms?: string[]; horizonDays?: number };
  error: string | null;
  activatedModelId: number | null;
  outcome: { reason?: string; scoredCustomers?: number } | null;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ChurnReason {
  text: string;
  weight: number;
  feature: string;
}

export interface CustomerScore {
  customerId: number;
  score: number;
  reasons: ChurnReason[];
  scoredAt: string;
  model: { id: number; algorithm: string; version: number; rocAuc: number | null; population: string | null; activatedAt: string | null };
}

export const listModels = (signal?: AbortSignal) => api.get<ModelVersion[]>('/api/models', { signal });
export const fetchModel = (id: number | string, signal?: AbortSignal) => api.get<ModelVersionDetail>(`/api/models/${encodeURIComponent(String(id))}`, { signal });
export const listTrainingRuns = (signal?: AbortSignal) => api.get<TrainingRun[]>('/api/models/runs', { query: { limit: 20 }, signal });
export const trainModels = (population: 'transactions' | 'attribute') => api.post<TrainingRun>('/api/models/train', { population });
export const fetchCustomerScore = (customerId: number | string, signal?: AbortSignal) =>
  api.get<CustomerScore>(`/api/customers/${encodeURIComponent(String(customerId))}/score`, { signal });
