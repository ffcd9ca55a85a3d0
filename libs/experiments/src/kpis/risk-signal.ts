// Time to identify an at-risk customer. The first risk signal is the day the customer's gap since
// their last purchase exceeded their typical gap (the median of the gaps between their distinct
// purchase days); identification is the customer entering an at-risk segment.
import { median } from './statistics';

const DAY_MS = 86_400_000;

/**
 * When the risk signal fired, from the purchase times before the flag: last purchase day + typical
 * gap. Null with fewer than two distinct purchase days (no typical gap to exceed).
 */
export function riskSignalAt(purchaseTimes: ReadonlyArray<Date | string>): Date | null {
  const days = [...new Set(purchaseTimes.map((at) => Math.floor(new Date(at).getTime() / DAY_MS)))].sort((a, b) => a - b);
  if (days.length < 2) return null;
  const gaps = days.slice(1).map((day, index) => day - days[index]);
  const typicalGap = median(gaps) as number;
  return new Date((days[days.length - 1] + typicalGap) * DAY_MS);
}

/** Days from the signal to the flag; 0 when the customer was flagged before the gap was exceeded. */
export function daysToIdentify(signalAt: Date, flaggedAt: Date | string): number {
  return Math.max(0, (new Date(flaggedAt).getTime() - signalAt.getTime()) / DAY_MS);
}
