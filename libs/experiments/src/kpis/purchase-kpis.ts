// The retention team's purchase KPIs as monthly series, over plain arrays of purchases. The engine
// computes the same definitions in SQL; these are the reference (and the README's wording).
import { monthIndex, monthLabel } from './months';

export interface Purchase {
  readonly customerId: number | string;
  readonly at: Date | string;
  /** Positive amount of a purchase (returns and cancellations are not purchases). */
  readonly amount: number;
}

export interface KpiPoint {
  readonly month: string;
  readonly value: number | null;
  readonly numerator: number;
  readonly denominator: number;
}

/** Per customer, the set of months with a purchase. */
function monthsByCustomer(purchases: readonly Purchase[]): Map<number | string, Set<number>> {
  const result = new Map<number | string, Set<number>>();
  for (const purchase of purchases) {
    let months = result.get(purchase.customerId);
    if (!months) result.set(purchase.customerId, (months = new Set()));
    months.add(monthIndex(purchase.at));
  }
  return result;
}

function monthRange(purchases: readonly Purchase[]): [number, number] | null {
  if (purchases.length === 0) return null;
  let first = Infinity;
  let last = -Infinity;
  for (const purchase of purchases) {
    const month = monthIndex(purchase.at);
    if (month < first) first = month;
    if (month > last) last = month;
  }
  return [first, last];
}

const ratio = (numerator: number, denominator: number): number | null => (denominator > 0 ? numerator / denominator : null);

/**
 * Customer retention rate (cohort of a month, window of `windowMonths`): of the customers who bought
 * in month M, the share who buy again in M+1 … M+window. Only months whose whole window lies within
 * the data (up to the last month with a purchase) are given.
 */
export function customerRetention(purchases: readonly Purchase[], windowMonths = 6): KpiPoint[] {
  const range = monthRange(purchases);
  if (!range) return [];
  const byCustomer = monthsByCustomer(purchases);
  const points: KpiPoint[] = [];
  for (let month = range[0]; month + windowMonths <= range[1]; month++) {
    let denominator = 0;
    let numerator = 0;
    for (const months of byCustomer.values()) {
      if (!months.has(month)) continue;
      denominator++;
      for (let later = month + 1; later <= month + windowMonths; later++) {
        if (months.has(later)) {
          numerator++;
          break;
        }
      }
    }
    points.push({ month: monthLabel(month), value: ratio(numerator, denominator), numerator, denominator });
  }
  return points;
}

/**
 * Monthly churn rate: a customer is active while their last purchase is less than `inactiveMonths`
 * calendar months old. Churn of month M = customers active at the start of M (a purchase in
 * M−k … M−1) who stop being active during M (no purchase in M−k+1 … M), over those active at the
 * start. Months start once k months of history exist.
 */
export function monthlyChurn(purchases: readonly Purchase[], inactiveMonths = 3): KpiPoint[] {
  const range = monthRange(purchases);
  if (!range) return [];
  const byCustomer = monthsByCustomer(purchases);
  const points: KpiPoint[] = [];
  for (let month = range[0] + inactiveMonths; month <= range[1]; month++) {
    let denominator = 0;
    let numerator = 0;
    for (const months of byCustomer.values()) {
      let activeAtStart = false;
      for (let m = month - inactiveMonths; m < month && !activeAtStart; m++) activeAtStart = months.has(m);
      if (!activeAtStart) continue;
      denominator++;
      let stillActive = false;
      for (let m = month - inactiveMonths + 1; m <= month && !stillActive; m++) stillActive = months.has(m);
      if (!stillActive) numerator++;
    }
    points.push({ month: monthLabel(month), value: ratio(numerator, denominator), numerator, denominator });
  }
  return points;
}

/**
 * Revenue from returning customers: per month, the purchase revenue of customers whose first purchase
 * was in an earlier month (value = numerator), over the month's whole purchase revenue (denominator).
 */
export function returningCustomerRevenue(purchases: readonly Purchase[]): KpiPoint[] {
  const range = monthRange(purchases);
  if (!range) return [];
  const firstMonth = new Map<number | string, number>();
  for (const purchase of purchases) {
    const month = monthIndex(purchase.at);
    const known = firstMonth.get(purchase.customerId);
    if (known === undefined || month < known) firstMonth.set(purchase.customerId, month);
  }
  const returning = new Map<number, number>();
  const total = new Map<number, number>();
  for (const purchase of purchases) {
    const month = monthIndex(purchase.at);
    total.set(month, (total.get(month) ?? 0) + purchase.amount);
    if ((firstMonth.get(purchase.customerId) ?? month) < month) returning.set(month, (returning.get(month) ?? 0) + purchase.amount);
  }
  const points: KpiPoint[] = [];
  for (let month = range[0]; month <= range[1]; month++) {
    const numerator = returning.get(month) ?? 0;
    points.push({ month: monthLabel(month), value: numerator, numerator, denominator: total.get(month) ?? 0 });
  }
  return points;
}
