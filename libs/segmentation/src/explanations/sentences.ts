import { formatMoney, formatNumber, formatPercent, formatWhole, plural } from './format';

export interface SentenceContext {
  /** The customer's feature values (any of them may be missing). */
  customer: Readonly<Record<string, number>>;
  /** Typical (median) values of retained customers. */
  typical: Readonly<Record<string, number>>;
  currency: string;
  trendWindowDays: number;
  supportWindowDays: number;
  /** What categoryBreadth counts, e.g. ['category', 'categories'] or ['product', 'products']. */
  breadthUnit: readonly [string, string];
}

type Sentence = (value: number, typical: number | undefined, context: SentenceContext) => string;

const typicalPart = (typical: number | undefined, words: (t: number) => string) => (typical === undefined || !Number.isFinite(typical) ? '' : `; typical customers ${words(typical)}`);

const onlyWhenBelow = (value: number, typical: number | undefined) => (typical !== undefined && value < typical ? 'only ' : '');

/** How spend in the last window compares with the window before, from the two sums or the trend. */
function spendChange(trend: number, context: SentenceContext): { ratio: number; previous?: number } {
  const last = context.customer.spendLastWindow;
  const previous = context.customer.spendPreviousWindow;
  if (Number.isFinite(last) && Number.isFinite(previous) && previous > 0) return { ratio: last / previous, previous };
  // trend = (last - previous) / (last + previous)  =>  last / previous = (1 + trend) / (1 - trend)
  return { ratio: trend >= 1 ? Infinity : (1 + trend) / (1 - trend) };
}

const SENTENCES: Record<string, Sentence> = {
  recencyDays: (value, _typical, context) => {
    const gap = context.typical.daysBetweenOrders;
    const typicalWords = Number.isFinite(gap) ? `; typical customers buy every ${formatWhole(gap)}` : typicalPart(context.typical.recencyDays, (t) => `last bought ${formatWhole(t)} days ago`);
    return `no purchase for ${formatWhole(value)} days${typicalWords}`;
  },
  frequency: (value, typical) => `${onlyWhenBelow(value, typical)}${plural(value, 'order', 'orders')} so far${typicalPart(typical, (t) => `have ${formatWhole(t)}`)}`,
  monetary: (value, typical, context) => `spent ${formatMoney(value, context.currency)} in total${typicalPart(typical, (t) => formatMoney(t, context.currency))}`,
  tenureDays: (value, typical) => `a customer for ${onlyWhenBelow(value, typical)}${plural(value, 'day', 'days')}${typicalPart(typical, (t) => `${formatWhole(t)} days`)}`,
  averageOrderValue: (value, typical, context) => `average order of ${formatMoney(value, context.currency)}${typicalPart(typical, (t) => formatMoney(t, context.currency))}`,
  daysBetweenOrders: (value, typical) => `buys every ${formatWhole(value)} days on average${typicalPart(typical, (t) => `every ${formatWhole(t)}`)}`,
  purchaseTrend: (value, _typical, context) => {
    const window = `in the last ${formatWhole(context.trendWindowDays)} days`;
    const { ratio, previous } = spendChange(value, context);
    if (ratio === 0) return `no spending ${window}${previous ? `, after ${formatMoney(previous, context.currency)} in the ${formatWhole(context.trendWindowDays)} before` : ''}`;
    if (!Number.isFinite(ratio)) return `spending started ${window}`;
    if (ratio < 1) return `spending fell ${formatPercent(1 - ratio)} ${window}`;
    if (ratio > 1) return `spending rose ${formatPercent(ratio - 1)} ${window}`;
    return `spending flat ${window}`;
  },
  spendLastWindow: (value, typical, context) => `spent ${formatMoney(value, context.currency)} in the last ${formatWhole(context.trendWindowDays)} days${typicalPart(typical, (t) => formatMoney(t, context.currency))}`,
  spendPreviousWindow: (value, typical, context) =>
    `spent ${formatMoney(value, context.currency)} in the ${formatWhole(context.trendWindowDays)} days before the last ${formatWhole(context.trendWindowDays)}${typicalPart(typical, (t) => formatMoney(t, context.currency))}`,
  categoryBreadth: (value, typical, context) => `buys from ${plural(value, context.breadthUnit[0], context.breadthUnit[1])}${typicalPart(typical, (t) => formatWhole(t))}`,
  returnRate: (value, typical) => `returned ${formatPercent(value)} of items${typicalPart(typical, (t) => formatPercent(t))}`,
  supportContacts: (value, typical, context) => `${plural(value, 'support contact', 'support contacts')} in the last ${formatWhole(context.supportWindowDays)} days${typicalPart(typical, (t) => formatWhole(t))}`,
  satisfaction: (value, typical) => `latest satisfaction score ${formatNumber(value)}${typicalPart(typical, (t) => formatNumber(t))}`,
  emailEngagement: (value, typical) => `opens and clicks on ${formatPercent(value)} of emails delivered${typicalPart(typical, (t) => formatPercent(t))}`,
};

export function describeFeature(feature: string, value: number, context: SentenceContext): string {
  const typical = context.typical[feature];
  const sentence = SENTENCES[feature];
  if (sentence) return sentence(value, typical, context);
  return `${feature} is ${formatNumber(value)}${typicalPart(typical, (t) => formatNumber(t))}`;
}
