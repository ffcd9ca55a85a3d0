// Calendar months in UTC as integers (year × 12 + month), so "the next six months" is arithmetic.

export function monthIndex(at: Date | string): number {
  const date = typeof at === 'string' ? new Date(at) : at;
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

/** "2011-03" */
export function monthLabel(index: number): string {
  const year = Math.floor(index / 12);
  return `${year}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function monthFromLabel(label: string): number {
  const match = /^(\d{4})-(\d{2})$/.exec(label);
  if (!match) throw new RangeError(`not a month "YYYY-MM": ${label}`);
  return Number(match[1]) * 12 + Number(match[2]) - 1;
}
