/** Points as one row-major Float64Array: row i is data[i * columns .. (i + 1) * columns). */
export interface PointMatrix {
  data: Float64Array;
  rows: number;
  columns: number;
}

export function checkPointMatrix(points: PointMatrix, what = 'points'): void {
  const { data, rows, columns } = points;
  if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(columns) || columns < 1) throw new RangeError(`${what} need at least one row and one column, got ${rows} x ${columns}`);
  if (data.length !== rows * columns) throw new RangeError(`${what}.data has ${data.length} numbers, expected rows x columns = ${rows * columns}`);
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) throw new RangeError(`${what} row ${Math.floor(i / columns)}, column ${i % columns} is ${data[i]}; all values must be finite`);
  }
}

/** Builds a matrix from arrays of rows (e.g. number[][] as ml-kmeans takes). */
export function pointMatrixFromRows(rows: readonly ArrayLike<number>[]): PointMatrix {
  const columns = rows.length ? rows[0].length : 0;
  const data = new Float64Array(rows.length * columns);
  rows.forEach((row, i) => {
    if (row.length !== columns) throw new RangeError(`row ${i} has ${row.length} values, row 0 has ${columns}`);
    data.set(row, i * columns);
  });
  return { data, rows: rows.length, columns };
}

export function squaredDistance(a: Float64Array, aOffset: number, b: Float64Array, bOffset: number, columns: number): number {
  let sum = 0;
  for (let j = 0; j < columns; j++) {
    const diff = a[aOffset + j] - b[bOffset + j];
    sum += diff * diff;
  }
  return sum;
}
