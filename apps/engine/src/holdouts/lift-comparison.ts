// Treated against holdout for one population: rates with Wilson intervals, absolute (Newcombe) and
// relative (log-ratio) lift, the two-proportion z-test and P(treated beats holdout), from
// @retain/experiments — the same statistics as the A/B results, with the holdout as control.
import { analyzeExperiment, type Interval, type Lift } from '@retain/experiments';

export interface GroupCounts {
  customers: number;
  conversions: number;
}

export interface GroupResult extends GroupCounts {
  /** Null with no customer. */
  rate: number | null;
  rateInterval: Interval | null;
}

export interface LiftComparison {
  holdout: GroupResult;
  treated: GroupResult;
  /** Treated rate − holdout rate. Null when a group is empty. */
  absoluteLift: Lift | null;
  /** Treated rate / holdout rate − 1. Null when a group is empty or the holdout never converted. */
  relativeLift: Lift | null;
  /** Two-sided pooled z-test; null when a group is empty or nobody (or everybody) converted. */
  pValue: number | null;
  probabilityTreatedBetter: number | null;
}

export function compareToHoldout(holdout: GroupCounts, treated: GroupCounts, confidence: number): LiftComparison {
  const result = analyzeExperiment(
    [
      { id: 'holdout', weight: 1, exposures: holdout.customers, conversions: holdout.conversions },
      { id: 'treated', weight: 1, exposures: treated.customers, conversions: treated.conversions },
    ],
    { controlId: 'holdout', confidence },
  );
  const [h, t] = result.arms;
  const group = (arm: typeof h): GroupResult => ({ customers: arm.exposures, conversions: arm.conversions, rate: arm.rate, rateInterval: arm.rateInterval });
  const comparable = holdout.customers > 0 && treated.customers > 0;
  return {
    holdout: group(h),
    treated: group(t),
    absoluteLift: t.absoluteLift,
    relativeLift: t.relativeLift,
    pValue: t.zTest?.pValue ?? null,
    probabilityTreatedBetter: comparable ? t.probabilityToBeatControl : null,
  };
}
