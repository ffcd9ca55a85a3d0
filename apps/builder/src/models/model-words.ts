// Model versions and metrics as people read them.
import type { DataWindow, ModelMetrics, ModelVersion } from '../api/models';
import { formatCount, formatDate } from '../format';

export const ALGORITHM_LABELS: Record<string, string> = { logistic: 'Logistic regression', forest: 'Random forest' };

export function modelName(model: Pick<ModelVersion, 'kind' | 'algorithm' | 'version'>): string {
  return `${model.kind} v${model.version} · ${ALGORITHM_LABELS[model.algorithm] ?? model.algorithm}`;
}

export function describeWindow(window: DataWindow): string {
  if (window.population === 'attribute') return `customers with the “${window.labelAttribute ?? 'churned'}” attribute`;
  const parts = [];
  if (window.cutoff) parts.push(`features before ${formatDate(window.cutoff)}`);
  if (window.horizonDays) parts.push(`churn = no purchase in the ${window.horizonDays} days after`);
  if (window.eligibleCustomers !== undefined) parts.push(`${formatCount(window.eligibleCustomers)} customers`);
  if (window.churnRate !== undefined) parts.push(`${(window.churnRate * 100).toFixed(0)}% churned`);
  return parts.join('; ') || '—';
}

const fixed = (digits: number) => (v: number) => v.toFixed(digits);
const percent = (v: number) => `${(v * 100).toFixed(1)}%`;

/** The headline metrics in display order: label, value and how it is written. */
export function metricFigures(metrics: ModelMetrics): [string, string][] {
  const rows: [string, number | undefined, (v: number) => string][] = [
    ['ROC AUC', metrics.rocAuc, fixed(3)],
    ['PR AUC', metrics.averagePrecision, fixed(3)],
    ['Log loss', metrics.logLoss, fixed(3)],
    ['Brier score', metrics.brierScore, fixed(3)],
    ['Accuracy', metrics.accuracy, percent],
    ['Precision', metrics.precision, percent],
    ['Recall', metrics.recall, percent],
    ['F1', metrics.f1, fixed(3)],
  ];
  return rows.filter(([, v]) => typeof v === 'number').map(([label, v, format]) => [label, format(v as number)]);
}
