import { designMatrixFromRows } from '../dataset/design-matrix';
import { createRandom } from '../random';
import { binMatrix, binOf, fitBinEdges } from './binning';

describe('binning', () => {
  it('cuts few distinct values at the midpoints between neighbours', () => {
    const matrix = designMatrixFromRows([[0, 1], [1, 1], [0, 1], [3, 1]], ['flag', 'constant']);
    const edges = fitBinEdges(matrix);
    expect(Array.from(edges[0])).toEqual([0.5, 2]);
    expect(Array.from(edges[1])).toEqual([]); // one value: one bin, never split
    const binned = binMatrix(matrix, edges);
    // column-major: feature 0's four rows, then feature 1's
    expect(Array.from(binned.bins)).toEqual([0, 1, 0, 2, 0, 0, 0, 0]);
  });

  it('uses at most maxBins equal-count bins for many distinct values', () => {
    const random = createRandom(1);
    const rows = Array.from({ length: 10_000 }, () => [random.next() * 100]);
    const edges = fitBinEdges(designMatrixFromRows(rows), 255)[0];
    expect(edges.length).toBe(254);
    const counts = new Array(255).fill(0);
    for (const [v] of rows) counts[binOf(v, edges)]++;
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(38);
    expect(Math.max(...counts)).toBeLessThanOrEqual(41);
  });

  it('keeps runs of equal values in one bin', () => {
    const rows = [...Array(50).fill([0]), ...Array.from({ length: 50 }, (_, i) => [i + 1])];
    const edges = fitBinEdges(designMatrixFromRows(rows), 10)[0];
    expect(binOf(0, edges)).toBe(0);
    expect(binOf(1, edges)).toBe(1);
    expect(edges[0]).toBe(0.5);
  });

  it('bin <= b exactly when value <= edges[b], so trees can predict on raw values', () => {
    const random = createRandom(2);
    const rows = Array.from({ length: 2000 }, () => [Math.round(random.next() * 500) / 7]);
    const edges = fitBinEdges(designMatrixFromRows(rows), 32)[0];
    let disagreements = 0;
    for (const [v] of rows) for (let b = 0; b < edges.length; b++) if (binOf(v, edges) <= b !== v <= edges[b]) disagreements++;
    expect(edges.length).toBe(31);
    expect(disagreements).toBe(0);
  });

  it('rejects maxBins outside 2..255', () => {
    expect(() => fitBinEdges(designMatrixFromRows([[1]]), 256)).toThrow('maxBins must be an integer in 2..255, got 256');
  });
});
