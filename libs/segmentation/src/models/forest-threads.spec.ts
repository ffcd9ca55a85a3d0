import { designMatrixFromRows } from '../dataset/design-matrix';
import { createRandom } from '../random';
import { binMatrix, fitBinEdges } from './binning';
import { RandomForest } from './forest';
import { growTreesInParallel, PARALLEL_FIT_MIN_DRAWS, PARALLEL_MIN_ROWS, walkTrees, workerStats } from './forest-threads';
import { growSeededTree, TreeWorkspace } from './tree';

function data(n: number, seed: number) {
  const random = createRandom(seed);
  const rows = Array.from({ length: n }, () => Array.from({ length: 4 }, () => random.next()));
  const labels = Uint8Array.from(rows, (row) => (random.next() < (row[0] + row[1] > 1 ? 0.8 : 0.2) ? 1 : 0));
  return { matrix: designMatrixFromRows(rows), labels };
}

/** The one-thread answer: every row walked here, in tree order. */
function oneThread(forest: RandomForest, matrix: ReturnType<typeof data>['matrix']): Float64Array {
  const sums = new Float64Array(matrix.nRows);
  walkTrees(forest.trees, matrix.values, matrix.nFeatures, 0, matrix.nRows, sums);
  return sums.map((s) => s / forest.trees.length);
}

describe('forest prediction on two threads', () => {
  it('gives bit-for-bit the one-thread probabilities, for several forests in turn', () => {
    const train = data(3000, 1);
    const many = data(PARALLEL_MIN_ROWS * 2 + 7, 2).matrix;
    const a = RandomForest.fit(train.matrix, train.labels, { nEstimators: 20, seed: 1 });
    const b = RandomForest.fit(train.matrix, train.labels, { nEstimators: 15, seed: 2, maxDepth: 4 });
    const answered = workerStats.answered;
    // a, b, then a again: the worker holds one forest at a time and is sent the one that predicts
    for (const forest of [a, b, a]) expect(forest.predictProba(many)).toEqual(oneThread(forest, many));
    // a loaded copy is another forest with the same answers
    expect(RandomForest.load(a.toJSON()).predictProba(many)).toEqual(oneThread(a, many));
    expect(workerStats.answered - answered).toBe(4); // the worker computed half of each, no fallback
  });

  it('predicts few rows on this thread alone, with the same walk', () => {
    const train = data(500, 3);
    const forest = RandomForest.fit(train.matrix, train.labels, { nEstimators: 10, seed: 3 });
    const few = data(PARALLEL_MIN_ROWS - 1, 4).matrix;
    const answered = workerStats.answered;
    expect(forest.predictProba(few)).toEqual(oneThread(forest, few));
    expect(workerStats.answered).toBe(answered);
  });
});

describe('forest training on two threads', () => {
  it.each([true, false])('grows the trees one thread grows, the worker half of them (bootstrap %s)', (bootstrap) => {
    const train = data(6000, 5);
    const binned = binMatrix(train.matrix, fitBinEdges(train.matrix));
    const plan = { sampleSize: bootstrap ? 6000 : 4000, bootstrap, growth: { maxDepth: 5, minSamplesLeaf: 5, minSamplesSplit: 2, featuresPerSplit: 2 } };
    const seeds = Array.from({ length: 251 }, (_, t) => 1000 + 17 * t);
    expect(plan.sampleSize * seeds.length).toBeGreaterThanOrEqual(PARALLEL_FIT_MIN_DRAWS);
    const grown = workerStats.grown;
    const trees = growTreesInParallel(binned, train.labels, seeds, plan);
    expect(workerStats.grown - grown).toBe(1);
    const workspace = new TreeWorkspace(binned, train.labels);
    const rows = new Uint32Array(plan.sampleSize);
    expect(trees).toEqual(seeds.map((seed) => growSeededTree(workspace, seed, plan, rows, createRandom)));
  });

  it('fits the forest the single-threaded fit grew: tree t from the t-th draw of the seed stream', () => {
    const train = data(12_000, 7);
    const options = { nEstimators: 90, maxDepth: 5, seed: 7 };
    const grown = workerStats.grown;
    const forest = RandomForest.fit(train.matrix, train.labels, options);
    expect(workerStats.grown - grown).toBe(1);
    // the loop RandomForest.fit ran before it had two threads
    const binned = binMatrix(train.matrix, fitBinEdges(train.matrix));
    const workspace = new TreeWorkspace(binned, train.labels);
    const plan = { sampleSize: 12_000, bootstrap: true, growth: { maxDepth: 5, minSamplesLeaf: 15, minSamplesSplit: 2, featuresPerSplit: 2 } };
    const seeds = createRandom(options.seed);
    const rows = new Uint32Array(plan.sampleSize);
    const expected = Array.from({ length: options.nEstimators }, () => growSeededTree(workspace, Math.floor(seeds.next() * 4294967296), plan, rows, createRandom));
    expect(forest.trees).toEqual(expected);
  });

  it('grows a small forest on this thread alone', () => {
    const train = data(500, 6);
    const grown = workerStats.grown;
    const forest = RandomForest.fit(train.matrix, train.labels, { nEstimators: 10, seed: 6 });
    expect(workerStats.grown).toBe(grown);
    expect(forest.trees).toHaveLength(10);
  });
});
