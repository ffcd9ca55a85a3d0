// Who a replay enrolls and with which churn risk, computed from the loaded data as of the cutoff
// only: RFM on features before the cutoff, and a churn model whose labels END at the cutoff
// (features before cutoff − horizon, "no purchase in the horizon up to the cutoff"), so neither
// the cohort nor the scores know anything that happened after it. No I/O here.
import {
  churnLabelsFromTransactions, CUSTOMER_FEATURE_NAMES, DAY_MS, RFM_SEGMENTS, scoreRfm, trainChurnModel,
  type ChurnTrainingResult, type RawRow, type RawValue,
} from '@retain/segmentation';
import type { CustomerData } from '../analytics/customer-data-loader';
import { featuresFrom } from '../analytics/facts-pipeline.service';
import { LABEL_COLUMN } from '../models/churn-datasets.service';

export interface ReplayCohortOptions {
  horizonDays: number;
  seed: number;
  /** The RFM segment the flow starts from. */
  segment: (typeof RFM_SEGMENTS)[number];
}

export interface ReplayCohort {
  cutoff: number;
  /** Database ids of the segment's members as of the cutoff. */
  members: number[];
  /** Every customer who bought before the cutoff, with the replay model's churn risk as of the cutoff. */
  scored: { customerIds: Int32Array; scores: Float64Array };
  model: ChurnTrainingResult;
  dataWindow: Record<string, unknown>;
}

/** Features that vary in the rows (a constant column only adds noise). */
function varying(rows: readonly RawRow[], columns: readonly string[]): string[] {
  return columns.filter((column) => rows.some((row) => row[column] !== rows[0][column]));
}

export function replayCohort(data: CustomerData, cutoff: number, options: ReplayCohortOptions): ReplayCohort {
  const n = data.customers.count;
  const now = featuresFrom(data, cutoff);
  const rfm = scoreRfm({ recencyDays: now.columns.recencyDays, frequency: now.columns.frequency, monetary: now.columns.monetary, include: now.hasPurchase });
  const segmentIndex = RFM_SEGMENTS.indexOf(options.segment);
  const members: number[] = [];
  for (let c = 0; c < n; c++) if (rfm.segment[c] === segmentIndex) members.push(data.customers.ids[c]);

  // Train on the window that ends at the cutoff.
  const trainCutoff = cutoff - options.horizonDays * DAY_MS;
  const labels = churnLabelsFromTransactions(data.transactions, { cutoff: trainCutoff, customerCount: n, horizonDays: options.horizonDays });
  const before = featuresFrom(data, trainCutoff);
  const rows: RawRow[] = [];
  for (let c = 0; c < n; c++) {
    if (!labels.eligible[c]) continue;
    const row: Record<string, RawValue> = { [LABEL_COLUMN]: labels.churned[c] };
    for (const name of CUSTOMER_FEATURE_NAMES) row[name] = before.columns[name][c];
    rows.push(row);
  }
  const numericColumns = varying(rows, CUSTOMER_FEATURE_NAMES);
  const candidates = (['logistic', 'forest'] as const).map((kind) =>
    trainChurnModel(rows, { label: LABEL_COLUMN, numericColumns, kind, seed: options.seed, testFraction: 0.2, importanceRepeats: 1 }),
  );
  const model = candidates.reduce((a, b) => (b.metrics.rocAuc > a.metrics.rocAuc ? b : a));

  const scoredIndex: number[] = [];
  for (let c = 0; c < n; c++) if (now.hasPurchase[c]) scoredIndex.push(c);
  const columns = Object.fromEntries(CUSTOMER_FEATURE_NAMES.map((name) => [name, Float64Array.from(scoredIndex, (c) => now.columns[name][c])]));
  const scores = model.model.predictEncoded(model.model.encoder.transformColumns(columns, scoredIndex.length));

  return {
    cutoff,
    members,
    scored: { customerIds: Int32Array.from(scoredIndex, (c) => data.customers.ids[c]), scores },
    model,
    dataWindow: {
      population: 'replay',
      replay: true,
      cutoff: new Date(trainCutoff).toISOString(),
      horizonDays: options.horizonDays,
      horizonEnd: new Date(labels.horizonEnd).toISOString(),
      scoredAsOf: new Date(cutoff).toISOString(),
      eligibleCustomers: labels.eligibleCount,
      churnedCustomers: labels.churnedCount,
      churnRate: labels.churnRate,
      candidates: candidates.map((c) => ({ algorithm: c.parameters.kind, rocAuc: c.metrics.rocAuc })),
    },
  };
}
