// Who a replay enrolls, week by week, and with which churn risk, computed from the loaded data as of
// each simulated week only: RFM on features before that week, and a churn model whose labels END at
// the cutoff (features before cutoff − horizon, "no purchase in the horizon up to the cutoff"), so
// neither the cohort nor the model knows anything that happened after the week it is used in. No I/O here.
import {
  churnLabelsFromTransactions, CUSTOMER_FEATURE_NAMES, DAY_MS, gatherFloat64, gatherInt32, RFM_SEGMENTS, scoreRfm, trainChurnModel,
  type ChurnTrainingResult, type RawRow, type RawValue, type RfmSegment,
} from '@retain/segmentation';
import type { CustomerData } from '../analytics/customer-data-loader';
import { featuresFrom } from '../analytics/facts-pipeline.service';
import { LABEL_COLUMN } from '../models/churn-datasets.service';

export const WEEK_MS = 7 * DAY_MS;

export interface ReplayCohortOptions {
  horizonDays: number;
  seed: number;
  /** The RFM segments whose entrants the flow takes, as its "segment entered" trigger would. */
  segments: readonly RfmSegment[];
  /** Churn risk from which the replay flags a customer as at risk (time to identify). */
  flagMin: number;
  /** Entrants are enrolled only in weeks that leave this many days of data after them (the journey's goal window). */
  daysAfterEntry: number;
}

export interface ScoredCustomers {
  /** Every customer who bought before the week, with the replay model's churn risk as of it. */
  customerIds: Int32Array;
  scores: Float64Array;
}

export interface ReplayWeek {
  /** Start of the simulated week (the cutoff plus whole weeks). */
  at: number;
  scored: ScoredCustomers;
  /** Database ids of the customers who entered one of the segments this week (at the cutoff: all members). */
  entrants: number[];
  /** Customers whose risk reached flagMin this week, and those whose risk fell below it. */
  flagged: { entered: number[]; exited: number[] };
}

export interface ReplayCohort {
  cutoff: number;
  /** Entrants of the first week (the members as of the cutoff). */
  members: number[];
  /** Scores as of the cutoff (the first week's). */
  scored: ScoredCustomers;
  weeks: ReplayWeek[];
  model: ChurnTrainingResult;
  dataWindow: Record<string, unknown>;
}

/** Features that vary in the rows (a constant column only adds noise). */
function varying(rows: readonly RawRow[], columns: readonly string[]): string[] {
  return columns.filter((column) => rows.some((row) => row[column] !== rows[0][column]));
}

/** The churn model of the replay: trained on the window that ends at the cutoff. */
function trainReplayModel(data: CustomerData, cutoff: number, options: Pick<ReplayCohortOptions, 'horizonDays' | 'seed'>) {
  const n = data.customers.count;
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
  return { model, candidates, labels, trainCutoff };
}

/** RFM segment index per customer and the model's risk of every customer who bought before `at`. */
function asOf(data: CustomerData, model: ChurnTrainingResult, at: number): { segment: Uint8Array | Int32Array | number[]; scored: ScoredCustomers } {
  const now = featuresFrom(data, at);
  const rfm = scoreRfm({ recencyDays: now.columns.recencyDays, frequency: now.columns.frequency, monetary: now.columns.monetary, include: now.hasPurchase });
  const scoredIndex: number[] = [];
  for (let c = 0; c < data.customers.count; c++) if (now.hasPurchase[c]) scoredIndex.push(c);
  const columns = Object.fromEntries(CUSTOMER_FEATURE_NAMES.map((name) => [name, gatherFloat64(now.columns[name], scoredIndex)]));
  const scores = model.model.predictEncoded(model.model.encoder.transformColumns(columns, scoredIndex.length));
  return { segment: rfm.segment, scored: { customerIds: gatherInt32(data.customers.ids, scoredIndex), scores } };
}

export function replayCohort(data: CustomerData, cutoff: number, options: ReplayCohortOptions): ReplayCohort {
  const { model, candidates, labels, trainCutoff } = trainReplayModel(data, cutoff, options);
  const wanted = new Set(options.segments.map((name) => RFM_SEGMENTS.indexOf(name)));
  const lastEntryWeek = data.newestTransactionTime - options.daysAfterEntry * DAY_MS;
  const weeks: ReplayWeek[] = [];
  let members = new Set<number>();
  let flagged = new Set<number>();
  for (let at = cutoff; at <= data.newestTransactionTime; at += WEEK_MS) {
    const { segment, scored } = asOf(data, model, at);
    const nowMembers = new Set<number>();
    for (let c = 0; c < data.customers.count; c++) if (wanted.has(segment[c])) nowMembers.add(data.customers.ids[c]);
    const nowFlagged = new Set<number>();
    scored.customerIds.forEach((id, i) => scored.scores[i] >= options.flagMin && nowFlagged.add(id));
    weeks.push({
      at,
      scored,
      entrants: at <= lastEntryWeek || at === cutoff ? [...nowMembers].filter((id) => !members.has(id)) : [],
      flagged: { entered: [...nowFlagged].filter((id) => !flagged.has(id)), exited: [...flagged].filter((id) => !nowFlagged.has(id)) },
    });
    members = nowMembers;
    flagged = nowFlagged;
  }

  return {
    cutoff,
    members: weeks[0]?.entrants ?? [],
    scored: weeks[0]?.scored ?? { customerIds: new Int32Array(0), scores: new Float64Array(0) },
    weeks,
    model,
    dataWindow: {
      population: 'replay',
      replay: true,
      cutoff: new Date(trainCutoff).toISOString(),
      horizonDays: options.horizonDays,
      horizonEnd: new Date(labels.horizonEnd).toISOString(),
      scoredAsOf: new Date(cutoff).toISOString(),
      rescoredWeeklyUntil: new Date(weeks.at(-1)?.at ?? cutoff).toISOString(),
      eligibleCustomers: labels.eligibleCount,
      churnedCustomers: labels.churnedCount,
      churnRate: labels.churnRate,
      candidates: candidates.map((c) => ({ algorithm: c.parameters.kind, rocAuc: c.metrics.rocAuc })),
    },
  };
}
