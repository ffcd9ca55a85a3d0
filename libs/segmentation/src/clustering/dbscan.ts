import { checkPointMatrix, PointMatrix, squaredDistance } from './point-matrix';

export interface DbscanOptions {
  /** A core point has at least minPts points (itself included) within eps. Default 5. */
  minPts?: number;
  /** Neighbourhood radius; default: the knee of the k-distance curve (see kDistanceKnee). */
  eps?: number;
  /** Refuse more rows than this: neighbour search is O(n²). Default 10,000. */
  maxRows?: number;
}

export interface DbscanResult {
  eps: number;
  minPts: number;
  /** Cluster of each row, 0..clusterCount-1, or -1 for noise (outliers). */
  labels: Int32Array;
  clusterCount: number;
  /** Rows labelled noise. */
  outliers: Uint32Array;
  clusterSizes: Int32Array;
}

function checkRows(points: PointMatrix, maxRows: number): void {
  checkPointMatrix(points);
  if (points.rows > maxRows) {
    throw new RangeError(`DBSCAN here compares every pair of rows (O(n²)); ${points.rows} rows is more than maxRows = ${maxRows}. Sample the rows, or raise maxRows knowingly.`);
  }
}

function checkMinPts(minPts: number, rows: number): void {
  if (!Number.isInteger(minPts) || minPts < 2 || minPts > rows) throw new RangeError(`minPts must be an integer from 2 to the number of rows (${rows}), got ${minPts}`);
}

/**
 * Sorted k-distances (ascending): for each row, the distance to its k-th nearest row counting the
 * row itself as the first (k = minPts), so a row whose k-distance is ≤ eps is a core point.
 */
export function kDistances(points: PointMatrix, k: number, maxRows = 10_000): Float64Array {
  checkRows(points, maxRows);
  checkMinPts(k, points.rows);
  const { data, rows, columns } = points;
  const out = new Float64Array(rows);
  const nearest = new Float64Array(k); // ascending squared distances, k smallest so far
  for (let i = 0; i < rows; i++) {
    nearest.fill(Infinity);
    for (let j = 0; j < rows; j++) {
      const d = squaredDistance(data, i * columns, data, j * columns, columns);
      if (d >= nearest[k - 1]) continue;
      let p = k - 1;
      while (p > 0 && nearest[p - 1] > d) {
        nearest[p] = nearest[p - 1];
        p--;
      }
      nearest[p] = d;
    }
    out[i] = Math.sqrt(nearest[k - 1]);
  }
  return out.sort();
}

/**
 * The knee of an ascending, convex curve: the point farthest below the straight line from its first
 * to its last point, both axes scaled to [0, 1] (the Kneedle idea). Returns its index.
 */
export function kneeIndex(sortedAscending: Float64Array): number {
  const n = sortedAscending.length;
  if (n < 3) return n - 1;
  const low = sortedAscending[0];
  const range = sortedAscending[n - 1] - low;
  if (!(range > 0)) return n - 1;
  let best = 0;
  let bestGap = -Infinity;
  for (let i = 0; i < n; i++) {
    const gap = i / (n - 1) - (sortedAscending[i] - low) / range;
    if (gap > bestGap) {
      bestGap = gap;
      best = i;
    }
  }
  return best;
}

/** eps from the knee of the k-distance curve, k = minPts. */
export function kDistanceKnee(points: PointMatrix, minPts = 5, maxRows = 10_000): { eps: number; kneeIndex: number; curve: Float64Array } {
  const curve = kDistances(points, minPts, maxRows);
  const knee = kneeIndex(curve);
  return { eps: curve[knee], kneeIndex: knee, curve };
}

/** DBSCAN (Ester et al. 1996). Border points join the first cluster that reaches them. */
export function dbscan(points: PointMatrix, options: DbscanOptions = {}): DbscanResult {
  const minPts = options.minPts ?? 5;
  const maxRows = options.maxRows ?? 10_000;
  checkRows(points, maxRows);
  checkMinPts(minPts, points.rows);
  const eps = options.eps ?? kDistanceKnee(points, minPts, maxRows).eps;
  if (!(eps > 0) || !Number.isFinite(eps)) throw new RangeError(`eps must be a positive finite distance, got ${eps}`);
  const { rows } = points;
  const epsSquared = eps * eps;
  const UNVISITED = -2;
  const NOISE = -1;
  const labels = new Int32Array(rows).fill(UNVISITED);
  const queue = new Int32Array(rows);
  let clusterCount = 0;
  for (let i = 0; i < rows; i++) {
    if (labels[i] !== UNVISITED) continue;
    const seeds = neighbours(points, i, epsSquared);
    if (seeds.length < minPts) {
      labels[i] = NOISE;
      continue;
    }
    const cluster = clusterCount++;
    labels[i] = cluster;
    let head = 0;
    let tail = 0;
    for (const j of seeds) {
      if (labels[j] === UNVISITED || labels[j] === NOISE) {
        if (labels[j] === UNVISITED) queue[tail++] = j;
        labels[j] = cluster;
      }
    }
    while (head < tail) {
      const j = queue[head++];
      const around = neighbours(points, j, epsSquared);
      if (around.length < minPts) continue; // border point
      for (const m of around) {
        if (labels[m] === UNVISITED) {
          labels[m] = cluster;
          queue[tail++] = m;
        } else if (labels[m] === NOISE) {
          labels[m] = cluster;
        }
      }
    }
  }
  const clusterSizes = new Int32Array(clusterCount);
  const outliers: number[] = [];
  for (let i = 0; i < rows; i++) {
    if (labels[i] === NOISE) outliers.push(i);
    else clusterSizes[labels[i]]++;
  }
  return { eps, minPts, labels, clusterCount, outliers: Uint32Array.from(outliers), clusterSizes };
}

function neighbours(points: PointMatrix, i: number, epsSquared: number): number[] {
  const { data, rows, columns } = points;
  const found: number[] = [];
  for (let j = 0; j < rows; j++) if (squaredDistance(data, i * columns, data, j * columns, columns) <= epsSquared) found.push(j);
  return found;
}
