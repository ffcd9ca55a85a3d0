import { explainChurnRisk, type FeatureImpact, type FeatureImportance, type RawRow, type TypicalValues } from '@retain/segmentation';

/** One stored reason behind a churn score. */
export interface StoredReason {
  feature: string;
  text: string;
  weight: number;
}

/**
 * Which way each numeric feature pushes towards churn: +1 when churned customers have the higher
 * mean in the training rows, −1 when lower. Permutation importance says how much a feature matters,
 * not which way; the reasons need both.
 */
export function featureDirections(columns: Readonly<Record<string, ArrayLike<number>>>, churned: ArrayLike<number>): Record<string, 1 | -1> {
  const directions: Record<string, 1 | -1> = {};
  for (const [name, values] of Object.entries(columns)) {
    let churnedSum = 0;
    let churnedCount = 0;
    let retainedSum = 0;
    let retainedCount = 0;
    for (let i = 0; i < values.length; i++) {
      if (churned[i]) {
        churnedSum += values[i];
        churnedCount++;
      } else {
        retainedSum += values[i];
        retainedCount++;
      }
    }
    const difference = (churnedCount ? churnedSum / churnedCount : 0) - (retainedCount ? retainedSum / retainedCount : 0);
    directions[name] = difference >= 0 ? 1 : -1;
  }
  return directions;
}

/** Importances of numeric features as the explanation needs them (negative drops are noise: 0). */
export function featureImpacts(importances: readonly FeatureImportance[], directions: Readonly<Record<string, 1 | -1>>): FeatureImpact[] {
  return importances.filter((i) => i.name in directions).map((i) => ({ feature: i.name, importance: Math.max(0, i.meanAucDrop), direction: directions[i.name] }));
}

/** Churn rate per category of each categorical column in the training rows, and overall. */
export interface CategoryRates {
  overall: number;
  byColumn: Record<string, Record<string, number>>;
}

export function categoryChurnRates(rows: readonly RawRow[], churned: ArrayLike<number>, columns: readonly string[]): CategoryRates {
  let total = 0;
  for (let i = 0; i < rows.length; i++) total += churned[i] ? 1 : 0;
  const byColumn: Record<string, Record<string, number>> = {};
  for (const column of columns) {
    const counts = new Map<string, [number, number]>();
    rows.forEach((row, i) => {
      const value = row[column];
      if (value === null || value === undefined || value === '') return;
      const key = String(value);
      const entry = counts.get(key) ?? [0, 0];
      entry[0] += churned[i] ? 1 : 0;
      entry[1]++;
      counts.set(key, entry);
    });
    byColumn[column] = Object.fromEntries([...counts].map(([key, [c, n]]) => [key, c / n]));
  }
  return { overall: rows.length ? total / rows.length : 0, byColumn };
}

const percent = (share: number) => `${Math.round(share * 100)} %`;

/**
 * Reasons from categorical columns: the customer's category churned more often than customers
 * overall ("Contract is Month-to-month: 43 % of such customers churned, 27 % overall"), weighted by
 * the column's importance times the relative excess.
 */
export function categoryReasons(row: RawRow, rates: CategoryRates, importances: readonly FeatureImportance[]): StoredReason[] {
  const reasons: StoredReason[] = [];
  for (const { name, meanAucDrop } of importances) {
    const byCategory = rates.byColumn[name];
    if (!byCategory || !(meanAucDrop > 0)) continue;
    const value = row[name];
    if (value === null || value === undefined || value === '') continue;
    const rate = byCategory[String(value)];
    if (rate === undefined || !(rate > rates.overall)) continue;
    reasons.push({ feature: name, text: `${name} is ${String(value)}: ${percent(rate)} of such customers churned, ${percent(rates.overall)} overall`, weight: (meanAucDrop * (rate - rates.overall)) / Math.max(rates.overall, 0.01) });
  }
  return reasons;
}

/** The top reasons of one customer in words: numeric features against typical retained customers, and categories. */
export function churnReasons(
  numeric: Readonly<Record<string, number>>,
  row: RawRow | null,
  context: { typical: TypicalValues; impacts: readonly FeatureImpact[]; rates: CategoryRates | null; importances: readonly FeatureImportance[]; currency: string; breadthUnit?: readonly [string, string] },
  topN = 3,
): StoredReason[] {
  const reasons: StoredReason[] = explainChurnRisk(numeric, context.typical, context.impacts, { topN, currency: context.currency, breadthUnit: context.breadthUnit }).map((r) => ({
    feature: r.feature,
    text: r.text,
    weight: round(r.weight),
  }));
  if (row && context.rates) for (const reason of categoryReasons(row, context.rates, context.importances)) reasons.push({ ...reason, weight: round(reason.weight) });
  return reasons.sort((a, b) => b.weight - a.weight || (a.feature < b.feature ? -1 : 1)).slice(0, topN);
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;
