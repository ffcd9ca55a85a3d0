import { kmeans as mlKmeans } from 'ml-kmeans';
import { createRandom } from '../random';
import { chooseKBySilhouette } from './choose-k';
import { assignNearest, kmeans, kmeansPlusPlus } from './kmeans';
import { PointMatrix, pointMatrixFromRows } from './point-matrix';
import { silhouetteScore, silhouetteScores } from './silhouette';

/** Gaussian blobs around the given centres (Box–Muller on the seeded generator). */
function blobs(centres: number[][], perBlob: number, spread: number, seed: number): PointMatrix {
  const random = createRandom(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
  const rows: number[][] = [];
  for (const centre of centres) for (let i = 0; i < perBlob; i++) rows.push(centre.map((x) => x + spread * gaussian()));
  return pointMatrixFromRows(rows);
}

function toRows(points: PointMatrix): number[][] {
  return Array.from({ length: points.rows }, (_, i) => Array.from(points.data.subarray(i * points.columns, (i + 1) * points.columns)));
}

describe('kmeans', () => {
  const points = blobs([[0, 0, 0], [5, 5, 0], [0, 6, 6], [7, 0, 3]], 150, 1.2, 7);

  it('matches ml-kmeans from the same initial centroids (the oracle)', () => {
    for (const k of [2, 3, 4, 6]) {
      const start = kmeansPlusPlus(points, k, createRandom(k));
      const ours = kmeans(points, k, { initialCentroids: start, maxIterations: 100 });
      const oracle = mlKmeans(toRows(points), k, { initialization: toRows({ data: start, rows: k, columns: 3 }), maxIterations: 100 });
      const oracleCentroids = new Float64Array(oracle.centroids.flat());
      const oracleInertia = assignNearest(points, oracleCentroids, k, new Int32Array(points.rows));
      expect(Math.abs(ours.inertia - oracleInertia) / oracleInertia).toBeLessThan(1e-9);
      expect(ours.iterations).toBe(oracle.iterations);
      for (let i = 0; i < ours.centroids.length; i++) expect(ours.centroids[i]).toBeCloseTo(oracleCentroids[i], 9);
    }
  });

  it('is deterministic for a seed and finds the four blobs', () => {
    const a = kmeans(points, 4, { seed: 3, restarts: 2 });
    const b = kmeans(points, 4, { seed: 3, restarts: 2 });
    expect(a.labels).toEqual(b.labels);
    expect(a.inertia).toBe(b.inertia);
    expect(Array.from(a.sizes).sort()).toEqual([150, 150, 150, 150]);
    expect(a.converged).toBe(true);
  });

  it('checks its inputs', () => {
    expect(() => kmeans(points, 0)).toThrow('k must be an integer from 1');
    expect(() => kmeans({ data: new Float64Array([1, NaN]), rows: 1, columns: 2 }, 1)).toThrow('column 1 is NaN');
    expect(() => kmeans(points, 2, { initialCentroids: new Float64Array(3) })).toThrow('initialCentroids must hold');
  });
});

describe('silhouetteScore', () => {
  it('matches the definition on a small case', () => {
    const points = pointMatrixFromRows([[0], [1], [10], [11]]);
    const expected = (9.5 / 10.5 + 8.5 / 9.5) / 2;
    expect(silhouetteScore(points, Int32Array.from([0, 0, 1, 1]))).toBeCloseTo(expected, 12);
  });

  it('scores a singleton 0 and needs two clusters', () => {
    const points = pointMatrixFromRows([[0], [1], [10]]);
    expect(silhouetteScore(points, Int32Array.from([0, 0, 1]))).toBeCloseTo((9 / 10 + 8 / 9) / 3, 12);
    expect(() => silhouetteScore(points, Int32Array.from([0, 0, 0]))).toThrow('at least 2 clusters');
  });

  it('scores several labelings in one pass exactly as one at a time, row by row, would', () => {
    const points = blobs([[0, 0, 0], [4, 0, 1], [0, 5, 2]], 120, 1.2, 11);
    const random = createRandom(5);
    // k-means labelings, and a random one with an unused cluster id and a singleton
    const labelings = [2, 3, 4].map((k) => kmeans(points, k, { seed: k }).labels);
    const odd = Int32Array.from({ length: points.rows }, () => (random.next() < 0.5 ? 0 : 3));
    odd[7] = 5;
    labelings.push(odd);
    const rows = Uint32Array.from({ length: 250 }, (_, i) => i + 40);
    // the definition, one row at a time (sums over the other rows in index order)
    const oneAtATime = (labels: Int32Array) => {
      const k = Math.max(...Array.from(rows, (i) => labels[i])) + 1;
      const sizes = new Array(k).fill(0);
      for (const i of rows) sizes[labels[i]]++;
      let total = 0;
      for (const i of rows) {
        const sums = new Array(k).fill(0);
        for (const j of rows) {
          let squared = 0;
          for (let c = 0; c < points.columns; c++) squared += (points.data[i * points.columns + c] - points.data[j * points.columns + c]) ** 2;
          sums[labels[j]] += Math.sqrt(squared);
        }
        const own = labels[i];
        if (sizes[own] === 1) continue;
        const a = sums[own] / (sizes[own] - 1);
        let b = Infinity;
        for (let c = 0; c < k; c++) if (c !== own && sizes[c] > 0) b = Math.min(b, sums[c] / sizes[c]);
        total += (b - a) / Math.max(a, b);
      }
      return total / rows.length;
    };
    expect(silhouetteScores(points, labelings, rows)).toEqual(labelings.map(oneAtATime));
    expect(labelings.map((labels) => silhouetteScore(points, labels, { rows }))).toEqual(labelings.map(oneAtATime));
  });
});

describe('chooseKBySilhouette', () => {
  it('picks the number of well separated blobs and keeps every score', () => {
    const points = blobs([[0, 0], [10, 0], [0, 10]], 100, 1, 11);
    const result = chooseKBySilhouette(points, { seed: 1 });
    expect(result.k).toBe(3);
    expect(result.scores.map((s) => s.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(result.silhouette).toBe(Math.max(...result.scores.map((s) => s.silhouette)));
    expect(result.silhouette).toBeGreaterThan(0.7);
  });

  it('scores a seeded sample for large inputs', () => {
    const points = blobs([[0, 0], [8, 8]], 400, 1, 5);
    const result = chooseKBySilhouette(points, { seed: 2, kMax: 4, silhouetteSampleSize: 200 });
    expect(result.k).toBe(2);
    expect(chooseKBySilhouette(points, { seed: 2, kMax: 4, silhouetteSampleSize: 200 }).scores).toEqual(result.scores);
  });
});
