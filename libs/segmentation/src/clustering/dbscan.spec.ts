import { createRandom } from '../random';
import { dbscan, kDistanceKnee, kDistances, kneeIndex } from './dbscan';
import { pointMatrixFromRows } from './point-matrix';

describe('dbscan', () => {
  const random = createRandom(4);
  const rows: number[][] = [];
  for (const [cx, cy] of [[0, 0], [20, 20]]) for (let i = 0; i < 100; i++) rows.push([cx + random.next() * 3, cy + random.next() * 3]);
  const outlierRows = [[50, -40], [-30, 60], [10, 45]];
  const points = pointMatrixFromRows([...rows, ...outlierRows]);

  it('finds the dense groups and reports the far points as outliers, with eps from the k-distance knee', () => {
    const result = dbscan(points, { minPts: 5 });
    expect(result.clusterCount).toBe(2);
    expect(Array.from(result.outliers)).toEqual([200, 201, 202]);
    expect(Array.from(result.clusterSizes)).toEqual([100, 100]);
    expect(result.eps).toBeGreaterThan(0.2);
    expect(result.eps).toBeLessThan(5);
  });

  it('counts the point itself among its k nearest', () => {
    const line = pointMatrixFromRows([[0], [1], [3], [6]]);
    expect(Array.from(kDistances(line, 2))).toEqual([1, 1, 2, 3]);
    // eps = 1: 0 and 1 are core (each has 2 points within 1), 3 and 6 are noise.
    const result = dbscan(line, { minPts: 2, eps: 1 });
    expect(Array.from(result.labels)).toEqual([0, 0, -1, -1]);
  });

  it('finds the knee of a convex curve', () => {
    expect(kneeIndex(Float64Array.from([1, 1, 1.1, 1.2, 1.2, 1.3, 5, 10]))).toBe(5);
    expect(kDistanceKnee(points, 5).curve.length).toBe(203);
  });

  it('refuses inputs too large for the O(n²) search, with a clear message', () => {
    const big = { data: new Float64Array(20_002), rows: 10_001, columns: 2 };
    expect(() => dbscan(big)).toThrow('10001 rows is more than maxRows = 10000');
    expect(() => dbscan(points, { minPts: 1 })).toThrow('minPts must be an integer from 2');
  });
});
