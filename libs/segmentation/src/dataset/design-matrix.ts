/**
 * A numeric design matrix: one row per customer, one column per feature, stored row-major in a
 * single Float64Array so models can walk it without allocating.
 */
export interface DesignMatrix {
  /** Row-major values: the feature `j` of row `i` is `values[i * nFeatures + j]`. */
  readonly values: Float64Array;
  readonly nRows: number;
  readonly nFeatures: number;
  readonly featureNames: readonly string[];
}

/** Builds a matrix and checks that the shape, the names and every value agree. */
export function createDesignMatrix(values: Float64Array, nRows: number, featureNames: readonly string[]): DesignMatrix {
  const nFeatures = featureNames.length;
  if (!Number.isInteger(nRows) || nRows < 0) throw new RangeError(`nRows must be a non-negative integer, got ${nRows}`);
  if (values.length !== nRows * nFeatures) {
    throw new RangeError(`a ${nRows} x ${nFeatures} matrix needs ${nRows * nFeatures} values, got ${values.length}`);
  }
  const seen = new Set<string>();
  for (const name of featureNames) {
    if (seen.has(name)) throw new Error(`feature name "${name}" appears twice`);
    seen.add(name);
  }
  assertFiniteValues(values, nFeatures, featureNames);
  return { values, nRows, nFeatures, featureNames: [...featureNames] };
}

/** Builds a matrix from nested arrays (tests, small inputs). */
export function designMatrixFromRows(rows: readonly (readonly number[])[], featureNames?: readonly string[]): DesignMatrix {
  const nFeatures = featureNames?.length ?? rows[0]?.length ?? 0;
  const names = featureNames ?? Array.from({ length: nFeatures }, (_, j) => `x${j}`);
  const values = new Float64Array(rows.length * nFeatures);
  rows.forEach((row, i) => {
    if (row.length !== nFeatures) throw new RangeError(`row ${i} has ${row.length} values, expected ${nFeatures}`);
    values.set(row, i * nFeatures);
  });
  return createDesignMatrix(values, rows.length, names);
}

/** The rows at `indices`, in that order (used for train/test splits and permutations). */
export function selectRows(matrix: DesignMatrix, indices: ArrayLike<number>): DesignMatrix {
  const { nFeatures } = matrix;
  const values = new Float64Array(indices.length * nFeatures);
  for (let r = 0; r < indices.length; r++) {
    const source = indices[r];
    if (!(source >= 0 && source < matrix.nRows)) throw new RangeError(`row index ${source} is outside 0..${matrix.nRows - 1}`);
    values.set(matrix.values.subarray(source * nFeatures, (source + 1) * nFeatures), r * nFeatures);
  }
  return { values, nRows: indices.length, nFeatures, featureNames: matrix.featureNames };
}

/** Rows from ≤ r < to as a view on the same values (no copy): scoring a population part by part. */
export function rowRange(matrix: DesignMatrix, from: number, to: number): DesignMatrix {
  if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from <= to && to <= matrix.nRows)) throw new RangeError(`rows ${from}..${to} are outside 0..${matrix.nRows}`);
  const { nFeatures } = matrix;
  return { values: matrix.values.subarray(from * nFeatures, to * nFeatures), nRows: to - from, nFeatures, featureNames: matrix.featureNames };
}

/** The values of `indices` (labels follow the rows they belong to). */
export function selectLabels(labels: Uint8Array, indices: ArrayLike<number>): Uint8Array {
  const selected = new Uint8Array(indices.length);
  for (let r = 0; r < indices.length; r++) selected[r] = labels[indices[r]];
  return selected;
}

/** Checks that a matrix handed to a model has the feature layout the model was trained on. */
export function assertSameFeatures(matrix: DesignMatrix, expected: readonly string[], who: string): void {
  if (matrix.nFeatures !== expected.length) {
    throw new RangeError(`${who} was trained on ${expected.length} features, the matrix has ${matrix.nFeatures}`);
  }
  for (let j = 0; j < expected.length; j++) {
    if (matrix.featureNames[j] !== expected[j]) {
      throw new Error(`${who}: feature ${j} is "${matrix.featureNames[j]}", expected "${expected[j]}"`);
    }
  }
}

export function assertFiniteValues(values: Float64Array, nFeatures: number, featureNames: readonly string[]): void {
  for (let k = 0; k < values.length; k++) {
    if (!Number.isFinite(values[k])) {
      const row = Math.floor(k / nFeatures);
      throw new RangeError(`feature "${featureNames[k % nFeatures]}" in row ${row} is ${values[k]}; every value must be a finite number`);
    }
  }
}
