import { DesignMatrix } from './design-matrix';
import { RawRow, categoryOf, missingColumns, parseNumericCell } from './raw-table';
import { isColumnTable, missingTableColumns, type ColumnTable, type TrainingTable } from './training-table';

export interface TableEncoderOptions {
  /** Columns read as numbers (numeric text is parsed); one feature each, in this order. */
  numericColumns?: readonly string[];
  /** Columns one-hot encoded: one feature per category seen in training, after the numeric ones. */
  categoricalColumns?: readonly string[];
}

export interface CategoricalColumnJSON {
  column: string;
  categories: string[];
}

export interface TableEncoderJSON {
  kind: 'table-encoder';
  version: 1;
  numericColumns: string[];
  categoricalColumns: CategoricalColumnJSON[];
}

/** The features that came from one original column (a numeric column, or all one-hot columns of a category). */
export interface ColumnGroup {
  column: string;
  features: number[];
}

/**
 * Turns raw rows into a design matrix: numeric columns as they are, categorical columns one-hot.
 * The categories are learnt from the training rows only; a category never seen in training, or a
 * blank cell, encodes as all zeros so scoring new customers never fails on a new plan name.
 */
export class TableEncoder {
  readonly featureNames: readonly string[];
  private readonly categoryIndex: ReadonlyMap<string, number>[];

  private constructor(
    readonly numericColumns: readonly string[],
    readonly categoricalColumns: readonly CategoricalColumnJSON[],
  ) {
    this.featureNames = [
      ...numericColumns,
      ...categoricalColumns.flatMap(({ column, categories }) => categories.map((category) => `${column}=${category}`)),
    ];
    this.categoryIndex = categoricalColumns.map(({ categories }) => new Map(categories.map((category, k) => [category, k])));
  }

  /**
   * Learns the categories of each categorical column from the table's rows (sorted, so the layout is
   * deterministic). A column table has numeric columns only.
   */
  static fit(table: TrainingTable, options: TableEncoderOptions): TableEncoder {
    if (isColumnTable(table)) return TableEncoder.fitColumns(table, options);
    const rows = table;
    const numericColumns = [...(options.numericColumns ?? [])];
    const categoricalNames = [...(options.categoricalColumns ?? [])];
    assertColumnLists(numericColumns, categoricalNames);
    if (rows.length === 0) throw new RangeError('cannot fit an encoder on an empty table');
    const unknown = missingColumns(rows, [...numericColumns, ...categoricalNames]);
    if (unknown.length > 0) throw new Error(`unknown columns: ${unknown.join(', ')}; the table has ${describeColumns(rows)}`);

    const categoricalColumns = categoricalNames.map((column) => {
      const seen = new Set<string>();
      for (const row of rows) {
        const category = categoryOf(row[column]);
        if (category !== undefined) seen.add(category);
      }
      if (seen.size === 0) throw new RangeError(`categorical column "${column}" is blank in every row`);
      return { column, categories: [...seen].sort(compareText) };
    });
    const encoder = new TableEncoder(numericColumns, categoricalColumns);
    // Parse the numeric columns once now so a bad cell is reported at fit time, naming its row.
    encoder.checkNumericCells(rows);
    return encoder;
  }

  private static fitColumns(table: ColumnTable, options: TableEncoderOptions): TableEncoder {
    const numericColumns = [...(options.numericColumns ?? [])];
    const categoricalNames = [...(options.categoricalColumns ?? [])];
    assertColumnLists(numericColumns, categoricalNames);
    if (categoricalNames.length > 0) throw new Error(`a column table holds numeric columns only; categorical columns (${categoricalNames.join(', ')}) need row objects`);
    if (table.length === 0) throw new RangeError('cannot fit an encoder on an empty table');
    const unknown = missingTableColumns(table, numericColumns);
    if (unknown.length > 0) throw new Error(`unknown columns: ${unknown.join(', ')}; the table has ${Object.keys(table.columns).join(', ') || 'no columns'}`);
    for (const column of numericColumns) {
      const values = table.columns[column];
      for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) parseNumericCell(values[i], column, i); // names the bad row, as fit on rows does
    }
    return new TableEncoder(numericColumns, []);
  }

  static load(json: TableEncoderJSON): TableEncoder {
    if (json?.kind !== 'table-encoder' || json.version !== 1) throw new Error('not a serialized table encoder (kind "table-encoder", version 1)');
    assertColumnLists(json.numericColumns, json.categoricalColumns.map(({ column }) => column));
    return new TableEncoder([...json.numericColumns], json.categoricalColumns.map(({ column, categories }) => ({ column, categories: [...categories] })));
  }

  get nFeatures(): number {
    return this.featureNames.length;
  }

  /** Which features each original column produced (permutation importance shuffles them together). */
  columnGroups(): ColumnGroup[] {
    const groups: ColumnGroup[] = this.numericColumns.map((column, j) => ({ column, features: [j] }));
    let next = this.numericColumns.length;
    for (const { column, categories } of this.categoricalColumns) {
      groups.push({ column, features: categories.map((_, k) => next + k) });
      next += categories.length;
    }
    return groups;
  }

  /** The design matrix of a table of either kind (see transform and transformColumns). */
  encode(table: TrainingTable): DesignMatrix {
    return isColumnTable(table) ? this.transformColumns(table.columns, table.length) : this.transform(table);
  }

  transform(rows: readonly RawRow[]): DesignMatrix {
    const nFeatures = this.nFeatures;
    const values = new Float64Array(rows.length * nFeatures);
    const nNumeric = this.numericColumns.length;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      const base = i * nFeatures;
      for (let j = 0; j < nNumeric; j++) values[base + j] = parseNumericCell(row[this.numericColumns[j]], this.numericColumns[j], i);
      let offset = base + nNumeric;
      for (let c = 0; c < this.categoricalColumns.length; c++) {
        const { column, categories } = this.categoricalColumns[c];
        const category = categoryOf(row[column]);
        const k = category === undefined ? undefined : this.categoryIndex[c].get(category);
        if (k !== undefined) values[offset + k] = 1;
        offset += categories.length;
      }
    }
    return { values, nRows: rows.length, nFeatures, featureNames: this.featureNames };
  }

  /**
   * The same matrix as `transform`, straight from numeric columns (one array per column, `nRows`
   * long) without row objects: scoring a million customers whose features are already typed
   * columns. Only for encoders without categorical columns.
   */
  transformColumns(columns: Readonly<Record<string, ArrayLike<number>>>, nRows: number): DesignMatrix {
    if (this.categoricalColumns.length > 0) throw new Error('transformColumns takes numeric columns only; this encoder has categorical columns: use transform');
    const nFeatures = this.nFeatures;
    const values = new Float64Array(nRows * nFeatures);
    for (let j = 0; j < nFeatures; j++) {
      const name = this.numericColumns[j];
      const column = columns[name];
      if (!column || column.length !== nRows) throw new RangeError(`column "${name}" needs ${nRows} values, got ${column ? column.length : 'none'}`);
      for (let i = 0; i < nRows; i++) {
        const value = column[i];
        if (!Number.isFinite(value)) parseNumericCell(value, name, i); // throws the same message as transform
        values[i * nFeatures + j] = value;
      }
    }
    return { values, nRows, nFeatures, featureNames: this.featureNames };
  }

  toJSON(): TableEncoderJSON {
    return {
      kind: 'table-encoder',
      version: 1,
      numericColumns: [...this.numericColumns],
      categoricalColumns: this.categoricalColumns.map(({ column, categories }) => ({ column, categories: [...categories] })),
    };
  }

  private checkNumericCells(rows: readonly RawRow[]): void {
    for (let i = 0; i < rows.length; i++) for (const column of this.numericColumns) parseNumericCell(rows[i][column], column, i);
  }
}

function assertColumnLists(numericColumns: readonly string[], categoricalColumns: readonly string[]): void {
  const all = [...numericColumns, ...categoricalColumns];
  if (all.length === 0) throw new RangeError('name at least one numeric or categorical column');
  const seen = new Set<string>();
  for (const column of all) {
    if (typeof column !== 'string' || column === '') throw new RangeError(`column names must be non-empty strings, got ${JSON.stringify(column)}`);
    if (seen.has(column)) throw new Error(`column "${column}" is listed twice`);
    seen.add(column);
  }
}

function describeColumns(rows: readonly RawRow[]): string {
  const names = Object.keys(rows[0] ?? {});
  return names.length > 20 ? `${names.slice(0, 20).join(', ')}, …` : names.join(', ') || 'no columns';
}

// Code-unit order, not locale order: the feature layout must not depend on the machine's locale.
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
