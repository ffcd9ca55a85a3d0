import { createRandom, shuffledIndices } from '../random';
import { checkPointMatrix, PointMatrix, squaredDistance } from './point-matrix';

// Hot loops read these locals, not the globals: global lookups are ~50x slower inside Jest's VM context.
const sqrt = Math.sqrt;


export interface SilhouetteOptions {
  /** Above this many rows, score a seeded random sample of this size (as scikit-learn's sample_size). Default 5000. */
  sampleSize?: number;
  seed?: number;
  /** Score exactly these rows instead of sampling (e.g. the same sample for every k). */
  rows?: Uint32Array;
}

/**
 * Mean silhouette (Euclidean) over all rows, or over a sample where a and b are measured within the
 * sample, as scikit-learn does. A row alone in its cluster scores 0. O(sample² · columns).
 */
export function silhouetteScore(points: PointMatrix, labels: Int32Array, options: SilhouetteOptions = {}): number {
  checkPointMatrix(points);
  const rows = options.rows ?? silhouetteSample(points.rows, options.sampleSize ?? 5000, options.seed ?? 0);
  return silhouetteScores(points, [labels], rows)[0];
}

/**
 * The mean silhouette of several labelings of the same points over the same rows (say, k-means for
 * each k): each distance is computed once, for a pair, and added to both rows' sums under every
 * labeling. Each row's sums add the same distances in the same order as scoring one labeling alone,
 * so the results are identical to silhouetteScore's, bit for bit.
 */
export function silhouetteScores(points: PointMatrix, labelings: readonly Int32Array[], rows: Uint32Array): number[] {
  checkPointMatrix(points);
  const n = rows.length;
  const count = labelings.length;
  // slot[p * count + l]: where row p's cluster under labeling l sums its distances, in a row's block of `width`
  const slot = new Int32Array(n * count);
  const clusters: number[] = [];
  const sizes: Int32Array[] = [];
  let width = 0;
  labelings.forEach((labels, l) => {
    if (labels.length !== points.rows) throw new RangeError(`labels has ${labels.length} entries, points have ${points.rows} rows`);
    let k = 0;
    for (const i of rows) {
      if (labels[i] < 0) throw new RangeError(`label ${labels[i]} at row ${i}: silhouette needs cluster ids >= 0 (drop noise first)`);
      k = Math.max(k, labels[i] + 1);
    }
    const size = new Int32Array(k);
    for (const i of rows) size[labels[i]]++;
    let present = 0;
    for (const s of size) if (s > 0) present++;
    if (present < 2) throw new RangeError(`silhouette needs at least 2 clusters among the scored rows, got ${present}`);
    for (let p = 0; p < n; p++) slot[p * count + l] = width + labels[rows[p]];
    clusters.push(k);
    sizes.push(size);
    width += k;
  });
  const { data, columns } = points;
  const sums = new Float64Array(n * width);
  for (let p = 0; p < n; p++) {
    const at = rows[p] * columns;
    const ownBlock = p * width;
    const ownSlots = p * count;
    for (let q = p + 1; q < n; q++) {
      const distance = sqrt(squaredDistance(data, at, data, rows[q] * columns, columns));
      const otherBlock = q * width;
      const otherSlots = q * count;
      for (let l = 0; l < count; l++) {
        sums[ownBlock + slot[otherSlots + l]] += distance;
        sums[otherBlock + slot[ownSlots + l]] += distance;
      }
    }
  }
  let base = 0;
  return labelings.map((labels, l) => {
    const k = clusters[l];
    const size = sizes[l];
    let total = 0;
    for (let p = 0; p < n; p++) {
      const own = labels[rows[p]];
      if (size[own] === 1) continue; // scores 0
      const block = p * width + base;
      const a = sums[block + own] / (size[own] - 1);
      let b = Infinity;
      for (let c = 0; c < k; c++) if (c !== own && size[c] > 0) b = Math.min(b, sums[block + c] / size[c]);
      const spread = Math.max(a, b);
      total += spread > 0 ? (b - a) / spread : 0;
    }
    base += k;
    return total / n;
  });
}

/** All rows when there are at most sampleSize, else a seeded random sample of sampleSize rows. */
export function silhouetteSample(rows: number, sampleSize: number, seed: number): Uint32Array {
  if (!Number.isInteger(sampleSize) || sampleSize < 2) throw new RangeError(`sampleSize must be an integer >= 2, got ${sampleSize}`);
  if (rows <= sampleSize) return Uint32Array.from({ length: rows }, (_, i) => i);
  return shuffledIndices(rows, createRandom(seed)).slice(0, sampleSize).sort();
}
