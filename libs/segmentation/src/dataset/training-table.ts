import { gatherFloat64 } from './gather';
import { missingColumns, RawRow, RawValue } from './raw-table';

/**
 * A table as typed numeric columns, all `length` long: a population whose features are all numbers
 * (customer features from transactions) without a row object per customer. At a million customers
 * the objects cost seconds to build, encode and collect.
 */
export interface ColumnTable {
  readonly length: number;
  readonly columns: Readonly<Record<string, Float64Array>>;
}

/** What the churn trainer learns from: row objects (any columns), or typed numeric columns. */
export type TrainingTable = readonly RawRow[] | ColumnTable;

export function isColumnTable(table: TrainingTable): table is ColumnTable {
  return !Array.isArray(table);
}

/** A column table after checking every column has `length` values. */
export function columnTable(columns: Readonly<Record<string, Float64Array>>, length: number): ColumnTable {
  for (const [name, values] of Object.entries(columns)) {
    if (!(values instanceof Float64Array) || values.length !== length) throw new RangeError(`column "${name}" needs ${length} values, got ${values instanceof Float64Array ? values.length : typeof values}`);
  }
  return { length, columns };
}

/** Names the table does not have (for rows: no row has a key for it). */
export function missingTableColumns(table: TrainingTable, names: readonly string[]): string[] {
  return isColumnTable(table) ? names.filter((name) => !Object.hasOwn(table.columns, name)) : missingColumns(table, names);
}

/** One column's values, row by row. */
export function tableColumn(table: TrainingTable, name: string): readonly RawValue[] | Float64Array {
  return isColumnTable(table) ? table.columns[name] : table.map((row) => row[name]);
}

/** The rows at `indices`, in that order, as a table of the same kind. */
export function selectTableRows(table: TrainingTable, indices: ArrayLike<number>): TrainingTable {
  if (!isColumnTable(table)) return Array.from(indices as ArrayLike<number>, (i) => table[i]);
  const columns: Record<string, Float64Array> = {};
  for (const [name, values] of Object.entries(table.columns)) columns[name] = gatherFloat64(values, indices);
  return { length: indices.length, columns };
}
