import { DAY_MS } from '@retain/segmentation';

/**
 * The instant features are computed as of, unless the caller names one: the earlier of now and one
 * day after the newest transaction. Historic data (the Online Retail demo ends in December 2011)
 * is then scored as of its own end, not as of today, which would call every customer lost; live
 * data, where the newest transaction is minutes old, is scored as of now.
 */
export function defaultFactsAsOf(newestTransactionTime: number, now: number = Date.now()): number {
  if (!Number.isFinite(newestTransactionTime)) return now;
  return Math.min(now, newestTransactionTime + DAY_MS);
}
