import { designMatrixFromRows } from '../dataset/design-matrix';
import { rocAuc } from '../metrics/roc-auc';
import { createRandom } from '../random';
import { RandomForest, featuresPerSplit } from './forest';

/** Two informative features (an interaction a linear model cannot see) and three noise features. */
function synthetic(n: number, seed: number) {
  const random = createRandom(seed);
  const rows: number[][] = [];
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const row = Array.from({ length: 5 }, () => random.next());
    rows.push(row);
    const signal = (row[0] > 0.5) !== (row[1] > 0.5);
    labels[i] = random.next() < (signal ? 0.9 : 0.1) ? 1 : 0;
  }
  return { matrix: designMatrixFromRows(rows), labels };
}

describe('RandomForest', () => {
  it('learns an interaction (XOR of two thresholds) and ignores noise', () => {
    const train = synthetic(2000, 1);
    const test = synthetic(1000, 2);
    const forest = RandomForest.fit(train.matrix, train.labels, { nEstimators: 30, seed: 1 });
    // the Bayes-optimal AUC is 0.9 (classes are flipped 10 % of the time)
    expect(rocAuc(forest.predictProba(test.matrix), test.labels)).toBeGreaterThan(0.85);
  });

  it('is deterministic for a seed and changes with the seed', () => {
    const { matrix, labels } = synthetic(500, 3);
    const a = RandomForest.fit(matrix, labels, { nEstimators: 10, seed: 5 }).predictProba(matrix);
    const b = RandomForest.fit(matrix, labels, { nEstimators: 10, seed: 5 }).predictProba(matrix);
    const c = RandomForest.fit(matrix, labels, { nEstimators: 10, seed: 6 }).predictProba(matrix);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('respects maxDepth and minSamplesLeaf', () => {
    const { matrix, labels } = synthetic(500, 4);
    const stump = RandomForest.fit(matrix, labels, { nEstimators: 3, maxDepth: 1, seed: 1 });
    for (const tree of stump.trees) expect(tree.feature.length).toBeLessThanOrEqual(3);
    const forest = RandomForest.fit(matrix, labels, { nEstimators: 1, maxDepth: 1000, minSamplesLeaf: 40, bootstrap: false, maxFeatures: 'all', seed: 1 });
    const leafCounts = new Map<number, number>();
    const tree = forest.trees[0];
    for (let i = 0; i < matrix.nRows; i++) {
      let node = 0;
      while (tree.feature[node] >= 0) node = matrix.values[i * 5 + tree.feature[node]] <= tree.threshold[node] ? tree.left[node] : tree.right[node];
      leafCounts.set(node, (leafCounts.get(node) ?? 0) + 1);
    }
    expect(Math.min(...leafCounts.values())).toBeGreaterThanOrEqual(40);
  });

  it('draws sqrt(features) per split by default', () => {
    expect(featuresPerSplit('sqrt', 45)).toBe(6);
    expect(featuresPerSplit('log2', 45)).toBe(5);
    expect(featuresPerSplit(0.5, 45)).toBe(22);
    expect(featuresPerSplit(100, 45)).toBe(45);
  });

  it('checks options, labels and values up front', () => {
    const { matrix, labels } = synthetic(20, 5);
    expect(() => RandomForest.fit(matrix, labels, { nEstimators: 0 })).toThrow('nEstimators must be an integer in 1..10000, got 0');
    expect(() => RandomForest.fit(matrix, labels, { maxFeatures: 1.5 })).toThrow('maxFeatures must be');
    expect(() => RandomForest.fit(matrix, labels, { minSamplesLeaf: 0 })).toThrow('minSamplesLeaf must be an integer');
    expect(() => RandomForest.fit(matrix, labels.subarray(1))).toThrow('19 labels for 20 rows');
    expect(() => RandomForest.fit(designMatrixFromRows([[Infinity], [1]]), Uint8Array.from([0, 1]))).toThrow('feature "x0" in row 0 is Infinity');
  });

  it('predicts bit-for-bit the same after JSON text → load, unlimited depth included', () => {
    const { matrix, labels } = synthetic(400, 7);
    const forest = RandomForest.fit(matrix, labels, { nEstimators: 5, maxDepth: Infinity, minSamplesLeaf: 1, seed: 2 });
    const loaded = RandomForest.load(JSON.parse(JSON.stringify(forest)));
    expect(loaded.options.maxDepth).toBe(Infinity);
    expect(Buffer.from(loaded.predictProba(matrix).buffer).equals(Buffer.from(forest.predictProba(matrix).buffer))).toBe(true);
  });

  it('refuses a matrix with other features and a foreign JSON', () => {
    const { matrix, labels } = synthetic(50, 6);
    const forest = RandomForest.fit(matrix, labels, { nEstimators: 2 });
    expect(() => forest.predictProba(designMatrixFromRows([[1, 2]]))).toThrow('trained on 5 features, the matrix has 2');
    expect(() => RandomForest.load({ kind: 'logistic-regression' } as never)).toThrow('not a serialized random forest');
  });
});
