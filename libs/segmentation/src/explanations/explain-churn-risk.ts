import { quantileOfSorted, sortedValues } from '../features/column-stats';
import { describeFeature, SentenceContext } from './sentences';

/** Per-feature importance from a churn model; direction +1 = higher values mean more risk. */
export interface FeatureImpact {
  feature: string;
  importance: number;
  direction: 1 | -1;
}

/** What "typical" means: medians (and spreads, for scaling) of retained customers' features. */
export interface TypicalValues {
  median: Record<string, number>;
  /** Interquartile range per feature; a deviation is measured in these units. */
  spread: Record<string, number>;
}

export interface ChurnReason {
  feature: string;
  /** The reason in words, e.g. "no purchase for 94 days; typical customers buy every 21". */
  text: string;
  /** importance × direction × (value − typical) / spread: how hard this feature pushes towards churn. */
  weight: number;
  value: number;
  typical: number;
}

export interface ExplainOptions {
  /** At most this many reasons. Default 3. */
  topN?: number;
  /** Put before money amounts, e.g. "£". Default none. */
  currency?: string;
  trendWindowDays?: number;
  supportWindowDays?: number;
  breadthUnit?: readonly [string, string];
}

/**
 * Medians and interquartile ranges of each feature over the customers where `retained` is non-zero:
 * the reference a churn reason compares against.
 */
export function typicalValues(columns: Readonly<Record<string, ArrayLike<number>>>, retained: ArrayLike<number>): TypicalValues {
  const median: Record<string, number> = {};
  const spread: Record<string, number> = {};
  for (const [feature, values] of Object.entries(columns)) {
    if (values.length !== retained.length) throw new RangeError(`feature ${feature} has ${values.length} values, retained mask has ${retained.length}`);
    const sorted = sortedValues(values, retained); // one sort for the three quantiles
    median[feature] = quantileOfSorted(sorted, 0.5);
    spread[feature] = quantileOfSorted(sorted, 0.75) - quantileOfSorted(sorted, 0.25);
  }
  return { median, spread };
}

/**
 * The top reasons behind one customer's churn risk, in words. A feature is a reason when it sits on
 * the risky side of the typical value (by the model's direction); reasons are ranked by importance ×
 * the deviation in spread units (IQR; |median| or 1 when the IQR is 0). Deterministic: ties are
 * broken by the feature name.
 */
export function explainChurnRisk(
  customer: Readonly<Record<string, number>>,
  typical: TypicalValues,
  importances: readonly FeatureImpact[],
  options: ExplainOptions = {},
): ChurnReason[] {
  const topN = options.topN ?? 3;
  if (!Number.isInteger(topN) || topN < 1) throw new RangeError(`topN must be a positive integer, got ${topN}`);
  for (const { feature, importance, direction } of importances) {
    if (!(importance >= 0) || !Number.isFinite(importance)) throw new RangeError(`importance of ${feature} must be a finite number >= 0, got ${importance}`);
    if (direction !== 1 && direction !== -1) throw new RangeError(`direction of ${feature} must be 1 or -1, got ${direction}`);
  }
  const context: SentenceContext = {
    customer,
    typical: typical.median,
    currency: options.currency ?? '',
    trendWindowDays: options.trendWindowDays ?? 90,
    supportWindowDays: options.supportWindowDays ?? 90,
    breadthUnit: options.breadthUnit ?? ['category', 'categories'],
  };
  const reasons: Omit<ChurnReason, 'text'>[] = [];
  for (const { feature, importance, direction } of importances) {
    const value = customer[feature];
    const reference = typical.median[feature];
    if (!Number.isFinite(value) || !Number.isFinite(reference)) continue;
    const iqr = typical.spread[feature];
    const unit = iqr > 0 ? iqr : Math.abs(reference) > 0 ? Math.abs(reference) : 1;
    const weight = (importance * direction * (value - reference)) / unit;
    if (weight > 0) reasons.push({ feature, weight, value, typical: reference });
  }
  reasons.sort((a, b) => b.weight - a.weight || (a.feature < b.feature ? -1 : a.feature > b.feature ? 1 : 0));
  // words only for the reasons kept (scoring a million customers writes three each)
  return reasons.slice(0, topN).map(({ feature, weight, value, typical: reference }) => ({ feature, text: describeFeature(feature, value, context), weight, value, typical: reference }));
}
