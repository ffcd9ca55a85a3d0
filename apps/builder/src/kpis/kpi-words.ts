// The five KPIs' names and how their values read on screen.
import type { KpiName, KpiSeries } from '../api/kpis';
import { EMPTY } from '../format';

export const KPI_ORDER: readonly KpiName[] = ['customerRetention', 'monthlyChurn', 'emailEngagement', 'returningCustomerRevenue', 'timeToIdentify'];

export const KPI_TITLES: Record<KpiName, string> = {
  customerRetention: 'Customer retention (6-month cohort)',
  monthlyChurn: 'Monthly churn rate',
  emailEngagement: 'Email engagement rate',
  returningCustomerRevenue: 'Revenue from returning customers',
  timeToIdentify: 'Time to identify an at-risk customer',
};

/** Lower is better for churn and for the time to identify; higher for the others. */
export const LOWER_IS_BETTER: Record<KpiName, boolean> = {
  customerRetention: false,
  monthlyChurn: true,
  emailEngagement: false,
  returningCustomerRevenue: false,
  timeToIdentify: true,
};

const whole = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

export function formatKpi(value: number | null | undefined, unit: KpiSeries['unit']): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return EMPTY;
  if (unit === 'share') return `${(value * 100).toFixed(1)} %`;
  if (unit === 'days') return `${oneDecimal.format(value)} days`;
  return whole.format(value);
}

/** The change from one value to the next in the KPI's unit: "+1.2 pts", "−350", "+2 days". */
export function formatKpiChange(from: number | null | undefined, to: number | null | undefined, unit: KpiSeries['unit']): string {
  if (from === null || from === undefined || to === null || to === undefined) return EMPTY;
  const change = to - from;
  const sign = change > 0 ? '+' : change < 0 ? '−' : '±';
  const size = Math.abs(change);
  if (unit === 'share') return `${sign}${(size * 100).toFixed(1)} pts`;
  if (unit === 'days') return `${sign}${oneDecimal.format(size)} days`;
  return `${sign}${whole.format(size)}`;
}

/** "2011-03" -> "Mar 2011" (UTC, as the engine counts months). */
export function monthWords(month: string): string {
  const [year, m] = month.split('-').map(Number);
  if (!year || !m) return month;
  return new Date(Date.UTC(year, m - 1, 1)).toLocaleDateString(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' });
}
