/** Locale-independent number wording, so sentences are the same on every machine. */

export function formatWhole(value: number): string {
  const rounded = Math.round(value);
  const digits = String(Math.abs(rounded)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return rounded < 0 ? `-${digits}` : digits;
}

/** Whole numbers below 10 keep one decimal when they have one (a satisfaction score of 3.5). */
export function formatNumber(value: number): string {
  if (Math.abs(value) < 10 && Math.round(value * 10) % 10 !== 0) return (Math.round(value * 10) / 10).toFixed(1);
  return formatWhole(value);
}

export function formatMoney(value: number, currency: string): string {
  const whole = formatWhole(Math.abs(value));
  return `${value < 0 ? '-' : ''}${currency}${whole}`;
}

/** 0.4 -> "40 %". */
export function formatPercent(share: number): string {
  return `${formatWhole(share * 100)} %`;
}

export function plural(count: number, singular: string, many: string): string {
  return `${formatWhole(count)} ${Math.round(count) === 1 ? singular : many}`;
}
