import { checkTransactions, DAY_MS, TransactionColumns } from './inputs';

export interface ChurnLabelOptions {
  cutoff: number | Date;
  customerCount: number;
  /** A customer churned when they bought nothing in [cutoff, cutoff + horizonDays). Default 90. */
  horizonDays?: number;
  /**
   * Allow a horizon that ends after the last transaction (default false): otherwise customers who
   * may still buy inside the horizon would be labelled churned.
   */
  allowIncompleteHorizon?: boolean;
}

export interface ChurnLabels {
  cutoff: number;
  horizonEnd: number;
  /** 1 = no purchase in the horizon. Only meaningful where `eligible` is 1 (0 elsewhere). */
  churned: Uint8Array;
  /** 1 = bought at least once before the cutoff: only these customers can churn (or be features). */
  eligible: Uint8Array;
  eligibleCount: number;
  churnedCount: number;
  /** churnedCount / eligibleCount (0 with no eligible customer). */
  churnRate: number;
}

/**
 * Churn labels from transactions alone (DESIGN.md): eligible customers bought before the cutoff;
 * churned ones made no purchase (a non-return line) within the horizon after it. Features for the
 * same cutoff use only data before it, so label and features never overlap.
 */
export function churnLabelsFromTransactions(transactions: TransactionColumns, options: ChurnLabelOptions): ChurnLabels {
  const cutoff = options.cutoff instanceof Date ? options.cutoff.getTime() : options.cutoff;
  const horizonDays = options.horizonDays ?? 90;
  if (!Number.isFinite(cutoff)) throw new RangeError(`cutoff must be a finite time, got ${options.cutoff}`);
  if (!(horizonDays > 0)) throw new RangeError(`horizonDays must be positive, got ${horizonDays}`);
  checkTransactions(transactions, options.customerCount);
  const horizonEnd = cutoff + horizonDays * DAY_MS;
  const { customerIndex, time, isReturn } = transactions;
  let latest = -Infinity;
  for (let i = 0; i < time.length; i++) if (time[i] > latest) latest = time[i];
  if (!options.allowIncompleteHorizon && latest < horizonEnd - DAY_MS) {
    throw new RangeError(
      `the transactions end on ${new Date(latest).toISOString()}, before the ${horizonDays}-day horizon ends on ${new Date(horizonEnd).toISOString()}: ` +
        'customers could still buy inside the horizon; pick an earlier cutoff or set allowIncompleteHorizon',
    );
  }
  const eligible = new Uint8Array(options.customerCount);
  const boughtInHorizon = new Uint8Array(options.customerCount);
  for (let i = 0; i < customerIndex.length; i++) {
    if (isReturn[i]) continue;
    const t = time[i];
    if (t < cutoff) eligible[customerIndex[i]] = 1;
    else if (t < horizonEnd) boughtInHorizon[customerIndex[i]] = 1;
  }
  const churned = new Uint8Array(options.customerCount);
  let eligibleCount = 0;
  let churnedCount = 0;
  for (let c = 0; c < options.customerCount; c++) {
    if (!eligible[c]) continue;
    eligibleCount++;
    if (!boughtInHorizon[c]) {
      churned[c] = 1;
      churnedCount++;
    }
  }
  return { cutoff, horizonEnd, churned, eligible, eligibleCount, churnedCount, churnRate: eligibleCount ? churnedCount / eligibleCount : 0 };
}
