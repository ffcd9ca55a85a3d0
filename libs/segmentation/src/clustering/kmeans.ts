import { createRandom, Random } from '../random';
import { checkPointMatrix, PointMatrix, squaredDistance } from './point-matrix';

// Hot loops read these locals, not the globals: global lookups are ~50x slower inside Jest's VM context.
const INFINITY = Infinity;
const min = Math.min;


export interface KMeansOptions {
  /** Seed for k-means++ (and for restarts). Default 0. */
  seed?: number;
  /** Default 300. */
  maxIterations?: number;
  /** Stop when no centroid moves more than this squared distance (ml-kmeans' rule). Default 1e-6. */
  tolerance?: number;
  /** Start from these k × columns centroids (row-major) instead of k-means++. */
  initialCentroids?: Float64Array;
  /** Independent k-means++ starts; the lowest inertia wins. Default 1. */
  restarts?: number;
}

export interface KMeansResult {
  k: number;
  /** Cluster of each row, nearest final centroid. */
  labels: Int32Array;
  /** k × columns, row-major. */
  centroids: Float64Array;
  sizes: Int32Array;
  /** Sum of squared distances of the rows to their centroid. */
  inertia: number;
  iterations: number;
  converged: boolean;
}

/**
 * Lloyd's k-means on a typed row-major matrix, started with seeded greedy k-means++. Each step
 * assigns rows to the nearest centroid and moves each centroid to its rows' mean; an empty cluster
 * keeps its centroid (as ml-kmeans does, so the two agree step for step from the same start).
 */
export function kmeans(points: PointMatrix, k: number, options: KMeansOptions = {}): KMeansResult {
  checkPointMatrix(points);
  if (!Number.isInteger(k) || k < 1 || k > points.rows) throw new RangeError(`k must be an integer from 1 to the number of rows (${points.rows}), got ${k}`);
  const maxIterations = options.maxIterations ?? 300;
  const tolerance = options.tolerance ?? 1e-6;
  const restarts = options.restarts ?? 1;
  if (!(maxIterations >= 1)) throw new RangeError(`maxIterations must be at least 1, got ${maxIterations}`);
  if (!(tolerance >= 0)) throw new RangeError(`tolerance must be >= 0, got ${tolerance}`);
  if (!Number.isInteger(restarts) || restarts < 1) throw new RangeError(`restarts must be a positive integer, got ${restarts}`);
  if (options.initialCentroids) {
    if (options.initialCentroids.length !== k * points.columns) throw new RangeError(`initialCentroids must hold k x columns = ${k * points.columns} numbers, got ${options.initialCentroids.length}`);
    return lloyd(points, k, options.initialCentroids.slice(), maxIterations, tolerance);
  }
  const random = createRandom(options.seed ?? 0);
  let best: KMeansResult | undefined;
  for (let run = 0; run < restarts; run++) {
    const result = lloyd(points, k, kmeansPlusPlus(points, k, random), maxIterations, tolerance);
    if (!best || result.inertia < best.inertia) best = result;
  }
  return best as KMeansResult;
}

function lloyd(points: PointMatrix, k: number, centroids: Float64Array, maxIterations: number, tolerance: number): KMeansResult {
  const { data, rows, columns } = points;
  const labels = new Int32Array(rows);
  const sums = new Float64Array(k * columns);
  const sizes = new Int32Array(k);
  let iterations = 0;
  let converged = false;
  while (!converged && iterations < maxIterations) {
    iterations++;
    assignNearest(points, centroids, k, labels);
    sums.fill(0);
    sizes.fill(0);
    for (let i = 0; i < rows; i++) {
      const c = labels[i];
      sizes[c]++;
      for (let j = 0; j < columns; j++) sums[c * columns + j] += data[i * columns + j];
    }
    converged = true;
    for (let c = 0; c < k; c++) {
      if (sizes[c] === 0) continue; // keeps its centroid
      let shift = 0;
      for (let j = 0; j < columns; j++) {
        const next = sums[c * columns + j] / sizes[c];
        const diff = next - centroids[c * columns + j];
        shift += diff * diff;
        centroids[c * columns + j] = next;
      }
      if (shift > tolerance) converged = false;
    }
  }
  const inertia = assignNearest(points, centroids, k, labels);
  sizes.fill(0);
  for (let i = 0; i < rows; i++) sizes[labels[i]]++;
  return { k, labels, centroids, sizes, inertia, iterations, converged };
}

/** Writes each row's nearest centroid (first on ties) into labels; returns the inertia. */
export function assignNearest(points: PointMatrix, centroids: Float64Array, k: number, labels: Int32Array): number {
  const { data, rows, columns } = points;
  let inertia = 0;
  for (let i = 0; i < rows; i++) {
    const rowStart = i * columns;
    let bestCluster = 0;
    let bestDistance = INFINITY;
    for (let c = 0; c < k; c++) {
      // Inlined distance with early exit: this loop is where k-means spends its time.
      const centroidStart = c * columns;
      let distance = 0;
      for (let j = 0; j < columns && distance < bestDistance; j++) {
        const diff = data[rowStart + j] - centroids[centroidStart + j];
        distance += diff * diff;
      }
      if (distance < bestDistance) {
        bestDistance = distance;
        bestCluster = c;
      }
    }
    labels[i] = bestCluster;
    inertia += bestDistance;
  }
  return inertia;
}

/**
 * Greedy k-means++ (Arthur & Vassilvitskii; the variant scikit-learn uses): the first centroid is a
 * uniformly random row, each next one the best of 2 + ⌊ln k⌋ rows drawn with probability ∝ squared
 * distance to the nearest chosen centroid. Seeded, so the same seed gives the same start.
 */
export function kmeansPlusPlus(points: PointMatrix, k: number, random: Random): Float64Array {
  const { data, rows, columns } = points;
  const trials = 2 + Math.floor(Math.log(k));
  const centroids = new Float64Array(k * columns);
  const first = random.int(rows);
  centroids.set(data.subarray(first * columns, (first + 1) * columns), 0);
  let closest = new Float64Array(rows);
  for (let i = 0; i < rows; i++) closest[i] = squaredDistance(data, i * columns, centroids, 0, columns);
  const cumulative = new Float64Array(rows);
  let candidateClosest = new Float64Array(rows);
  let bestClosest = new Float64Array(rows);
  for (let c = 1; c < k; c++) {
    let total = 0;
    for (let i = 0; i < rows; i++) cumulative[i] = total += closest[i];
    let bestRow = -1;
    let bestPotential = Infinity;
    for (let t = 0; t < trials; t++) {
      // All rows coincide with chosen centroids: any row will do.
      const row = total > 0 ? searchCumulative(cumulative, random.next() * total) : random.int(rows);
      let potential = 0;
      for (let i = 0; i < rows; i++) {
        const d = min(closest[i], squaredDistance(data, i * columns, data, row * columns, columns));
        candidateClosest[i] = d;
        potential += d;
      }
      if (potential < bestPotential) {
        bestPotential = potential;
        bestRow = row;
        [bestClosest, candidateClosest] = [candidateClosest, bestClosest];
      }
    }
    centroids.set(data.subarray(bestRow * columns, (bestRow + 1) * columns), c * columns);
    [closest, bestClosest] = [bestClosest, closest];
  }
  return centroids;
}

/** First index whose cumulative weight exceeds target. */
function searchCumulative(cumulative: Float64Array, target: number): number {
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (cumulative[mid] > target) high = mid;
    else low = mid + 1;
  }
  return low;
}
