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
  if (labels.length !== points.rows) throw new RangeError(`labels has ${labels.length} entries, points have ${points.rows} rows`);
  const rows = options.rows ?? silhouetteSample(points.rows, options.sampleSize ?? 5000, options.seed ?? 0);
  let k = 0;
  for (const i of rows) {
    if (labels[i] < 0) throw new RangeError(`label ${labels[i]} at row ${i}: silhouette needs cluster ids >= 0 (drop noise first)`);
    k = Math.max(k, labels[i] + 1);
  }
  const { data, columns } = points;
  const sizes = new Int32Array(k);
  for (const i of rows) sizes[labels[i]]++;
  let present = 0;
  for (const size of sizes) if (size > 0) present++;
  if (present < 2) throw new RangeError(`silhouette needs at least 2 clusters among the scored rows, got ${present}`);
  const distanceSums = new Float64Array(k);
  const sampleLabels = Int32Array.from(rows, (i) => labels[i]);
  let total = 0;
  for (let p = 0; p < rows.length; p++) {
    const i = rows[p];
    distanceSums.fill(0);
    for (let q = 0; q < rows.length; q++) distanceSums[sampleLabels[q]] += sqrt(squaredDistance(data, i * columns, data, rows[q] * columns, columns));
    const own = sampleLabels[p];
    if (sizes[own] === 1) continue; // scores 0
    const a = distanceSums[own] / (sizes[own] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && sizes[c] > 0) b = Math.min(b, distanceSums[c] / sizes[c]);
    const spread = Math.max(a, b);
    total += spread > 0 ? (b - a) / spread : 0;
  }
  return total / rows.length;
}

/** All rows when there are at most sampleSize, else a seeded random sample of sampleSize rows. */
export function silhouetteSample(rows: number, sampleSize: number, seed: number): Uint32Array {
  if (!Number.isInteger(sampleSize) || sampleSize < 2) throw new RangeError(`sampleSize must be an integer >= 2, got ${sampleSize}`);
  if (rows <= sampleSize) return Uint32Array.from({ length: rows }, (_, i) => i);
  return shuffledIndices(rows, createRandom(seed)).slice(0, sampleSize).sort();
}
