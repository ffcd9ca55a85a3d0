/** One raw value of a customer table, as it comes from a CSV file, a database row or JSON. */
export type RawValue = string | number | boolean | null | undefined;

/** One customer: column name → raw value. */
export type RawRow = Readonly<Record<string, RawValue>>;

/** Blank means "no value": null, undefined, or a string of spaces only. */
export function isBlank(value: RawValue): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Reads a numeric cell: numbers and numeric text (surrounding spaces allowed), booleans as 1/0.
 * Anything else, blanks included, is an error that names the column and the row.
 */
export function parseNumericCell(value: RawValue, column: string, row: number): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
  } else if (typeof value === 'boolean') {
    return value ? 1 : 0;
  } else if (typeof value === 'string' && NUMBER_TEXT.test(value.trim())) {
    return Number(value.trim());
  }
  throw new RangeError(`column "${column}" in row ${row} is ${JSON.stringify(value) ?? 'undefined'}, not a number; fill or drop it before training`);
}

/** The category a categorical cell belongs to, or undefined for a blank cell (encoded as all zeros). */
export function categoryOf(value: RawValue): string | undefined {
  if (isBlank(value)) return undefined;
  return typeof value === 'string' ? value.trim() : String(value);
}

/** Formats counts the way the messages read them: 3410 → "3,410". */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** Column names a table does not have: a column counts as present if any row has a key for it. */
export function missingColumns(rows: readonly RawRow[], columns: readonly string[]): string[] {
  // a column that is there is usually in the first row: only a missing one costs a full pass
  return columns.filter((column) => !rows.some((row) => Object.hasOwn(row, column)));
}
