import { DesignMatrix } from '../dataset/design-matrix';

/** Bin indices are stored in a Uint8Array, so a feature has at most 255 bins (254 edges). */
export const MAX_BINS = 255;

/**
 * A training matrix reduced to small integers: `bins[j * nRows + i]` is the bin of feature j in
 * row i (column-major, so a split search over one feature reads one contiguous block).
 * Bin b of feature j holds the values in (edges[j][b-1], edges[j][b]], so "bin <= b" is exactly
 * "value <= edges[j][b]": a tree trained on bins predicts on raw values with the same thresholds.
 */
export interface BinnedMatrix {
  readonly bins: Uint8Array;
  readonly nRows: number;
  readonly nFeatures: number;
  /** Upper edges per feature, strictly increasing; feature j has edges[j].length + 1 bins. */
  readonly edges: readonly Float64Array[];
}

/**
 * Quantile bin edges per feature from the training matrix. A feature with few distinct values
 * (one-hot columns, counts) gets one bin per value, cut at the midpoints between neighbours so an
 * unseen value in between falls on the nearer side; others get `maxBins` equal-count bins.
 */
export function fitBinEdges(matrix: DesignMatrix, maxBins = MAX_BINS): Float64Array[] {
  if (!Number.isInteger(maxBins) || maxBins < 2 || maxBins > MAX_BINS) throw new RangeError(`maxBins must be an integer in 2..${MAX_BINS}, got ${maxBins}`);
  const { nRows, nFeatures, values } = matrix;
  const column = new Float64Array(nRows);
  const edges: Float64Array[] = [];
  for (let j = 0; j < nFeatures; j++) {
    for (let i = 0; i < nRows; i++) column[i] = values[i * nFeatures + j];
    column.sort();
    edges.push(edgesOfSortedColumn(column, maxBins));
  }
  return edges;
}

function edgesOfSortedColumn(sorted: Float64Array, maxBins: number): Float64Array {
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]);
  const cuts: number[] = [];
  if (distinct.length <= maxBins) {
    for (let k = 1; k < distinct.length; k++) cuts.push(midpoint(distinct[k - 1], distinct[k]));
  } else {
    const n = sorted.length;
    for (let k = 1; k < maxBins; k++) {
      const position = Math.floor((k * n) / maxBins);
      // Equal values stay in one bin: cut before the quantile's run of equal values if it starts
      // there, else after the run.
      let cut: number;
      if (sorted[position - 1] < sorted[position]) cut = midpoint(sorted[position - 1], sorted[position]);
      else {
        const runEnd = firstAbove(sorted, sorted[position]);
        if (runEnd === n) break;
        cut = midpoint(sorted[runEnd - 1], sorted[runEnd]);
      }
      if (cuts.length === 0 || cut > cuts[cuts.length - 1]) cuts.push(cut);
    }
  }
  return Float64Array.from(cuts);
}

/** Index of the first value greater than `value` in a sorted array. */
function firstAbove(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid] <= value) low = mid + 1;
    else high = mid;
  }
  return low;
}

function midpoint(a: number, b: number): number {
  const m = a + (b - a) / 2;
  // Adjacent doubles: the midpoint may round up to b; keep a so the two values stay apart.
  return m < b ? m : a;
}

/** The bin of `value`: the number of edges strictly below it. */
export function binOf(value: number, edges: Float64Array): number {
  let low = 0;
  let high = edges.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (value <= edges[mid]) high = mid;
    else low = mid + 1;
  }
  return low;
}

export function binMatrix(matrix: DesignMatrix, edges: readonly Float64Array[]): BinnedMatrix {
  const { nRows, nFeatures, values } = matrix;
  if (edges.length !== nFeatures) throw new RangeError(`${edges.length} sets of bin edges for ${nFeatures} features`);
  const bins = new Uint8Array(nRows * nFeatures);
  for (let j = 0; j < nFeatures; j++) {
    const featureEdges = edges[j];
    const offset = j * nRows;
    for (let i = 0; i < nRows; i++) bins[offset + i] = binOf(values[i * nFeatures + j], featureEdges);
  }
  return { bins, nRows, nFeatures, edges };
}
