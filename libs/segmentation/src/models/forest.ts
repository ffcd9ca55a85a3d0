import { DesignMatrix, assertFiniteValues, assertSameFeatures } from '../dataset/design-matrix';
import { assertBinaryLabels } from '../dataset/labels';
import { createRandom } from '../random';
import { MAX_BINS, binMatrix, fitBinEdges } from './binning';
import { assertInteger, assertNumberIn } from './check-options';
import { growTreesInParallel, sumTreesInParallel } from './forest-threads';
import { DecisionTree } from './tree';

export interface RandomForestOptions {
  /** Number of trees. Default 100. */
  nEstimators?: number;
  /** Deepest level a tree may reach (the root is depth 0). Default 12. */
  maxDepth?: number;
  /** Fewest (bootstrap) rows a leaf may hold. Default 15 (on Telco, larger leaves rank better than pure ones). */
  minSamplesLeaf?: number;
  /** Fewest rows a node needs to be split. Default 2. */
  minSamplesSplit?: number;
  /** Features tried at each split: 'sqrt' (default), 'log2', 'all', a count (integer >= 1) or a fraction in (0, 1). */
  maxFeatures?: 'sqrt' | 'log2' | 'all' | number;
  /** Quantile bins per feature, at most 255. Default 255. */
  maxBins?: number;
  /** Draw each tree's rows with replacement (bagging). Default true. */
  bootstrap?: boolean;
  /** Rows drawn per tree as a share of the training rows. Default 1. */
  sampleFraction?: number;
  seed?: number;
}

export type ResolvedRandomForestOptions = Required<RandomForestOptions>;

export const RANDOM_FOREST_DEFAULTS: ResolvedRandomForestOptions = {
  nEstimators: 100,
  maxDepth: 12,
  minSamplesLeaf: 15,
  minSamplesSplit: 2,
  maxFeatures: 'sqrt',
  maxBins: MAX_BINS,
  bootstrap: true,
  sampleFraction: 1,
  seed: 42,
};

export interface DecisionTreeJSON {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

export interface RandomForestJSON {
  kind: 'random-forest';
  version: 1;
  featureNames: string[];
  options: ResolvedRandomForestOptions;
  trees: DecisionTreeJSON[];
}

/**
 * Random forest classifier for binary labels, trained on pre-binned features with histogram split
 * search: every tree sees a bootstrap sample and tries a random subset of features at each split.
 * The churn probability is the mean of the trees' leaf shares of positives (soft voting).
 */
export class RandomForest {
  private constructor(
    readonly featureNames: readonly string[],
    readonly options: ResolvedRandomForestOptions,
    readonly trees: readonly DecisionTree[],
  ) {}

  static fit(matrix: DesignMatrix, labels: Uint8Array, options: RandomForestOptions = {}): RandomForest {
    const resolved = resolveForestOptions(options);
    if (matrix.nRows < 2) throw new RangeError(`a random forest needs at least 2 rows, got ${matrix.nRows}`);
    if (matrix.nFeatures < 1) throw new RangeError('a random forest needs at least one feature');
    assertBinaryLabels(labels, matrix.nRows);
    assertFiniteValues(matrix.values, matrix.nFeatures, matrix.featureNames);

    const data = binMatrix(matrix, fitBinEdges(matrix, resolved.maxBins));
    const plan = {
      sampleSize: Math.max(1, Math.round(resolved.sampleFraction * matrix.nRows)),
      bootstrap: resolved.bootstrap,
      growth: {
        maxDepth: resolved.maxDepth,
        minSamplesLeaf: resolved.minSamplesLeaf,
        minSamplesSplit: resolved.minSamplesSplit,
        featuresPerSplit: featuresPerSplit(resolved.maxFeatures, matrix.nFeatures),
      },
    };
    // one seed per tree, drawn up front: tree t is the same whichever thread grows it
    const seeds = createRandom(resolved.seed);
    const treeSeeds = Array.from({ length: resolved.nEstimators }, () => Math.floor(seeds.next() * 4294967296));
    return new RandomForest([...matrix.featureNames], resolved, growTreesInParallel(data, labels, treeSeeds, plan));
  }

  static load(json: RandomForestJSON): RandomForest {
    if (json?.kind !== 'random-forest' || json.version !== 1) throw new Error('not a serialized random forest (kind "random-forest", version 1)');
    const nFeatures = json.featureNames.length;
    const trees = json.trees.map((tree, t) => {
      const n = tree.feature.length;
      if ([tree.threshold, tree.left, tree.right, tree.value].some((a) => a.length !== n)) throw new RangeError(`tree ${t}: node arrays differ in length`);
      const loaded: DecisionTree = {
        feature: Int32Array.from(tree.feature),
        threshold: Float64Array.from(tree.threshold),
        left: Int32Array.from(tree.left),
        right: Int32Array.from(tree.right),
        value: Float64Array.from(tree.value),
      };
      for (let node = 0; node < n; node++) {
        const f = loaded.feature[node];
        if (f >= nFeatures || (f >= 0 && !(loaded.left[node] > node && loaded.left[node] < n && loaded.right[node] > node && loaded.right[node] < n))) {
          throw new RangeError(`tree ${t}: node ${node} points outside the tree or to an unknown feature`);
        }
      }
      return loaded;
    });
    // JSON has no Infinity: an unlimited maxDepth comes back as null.
    return new RandomForest([...json.featureNames], { ...json.options, maxDepth: json.options.maxDepth ?? Infinity }, trees);
  }

  /** Churn probability per row (many rows: on two threads, see forest-threads.ts; same result either way). */
  predictProba(matrix: DesignMatrix): Float64Array {
    assertSameFeatures(matrix, this.featureNames, 'the random forest');
    const sums = sumTreesInParallel(this.trees, matrix.values, matrix.nRows, matrix.nFeatures);
    for (let i = 0; i < sums.length; i++) sums[i] /= this.trees.length;
    return sums;
  }

  /** Node count over all trees (size of the model). */
  get nodeCount(): number {
    return this.trees.reduce((sum, tree) => sum + tree.feature.length, 0);
  }

  toJSON(): RandomForestJSON {
    return {
      kind: 'random-forest',
      version: 1,
      featureNames: [...this.featureNames],
      options: { ...this.options },
      trees: this.trees.map((tree) => ({
        feature: Array.from(tree.feature),
        threshold: Array.from(tree.threshold),
        left: Array.from(tree.left),
        right: Array.from(tree.right),
        value: Array.from(tree.value),
      })),
    };
  }
}

export function resolveForestOptions(options: RandomForestOptions): ResolvedRandomForestOptions {
  const resolved = { ...RANDOM_FOREST_DEFAULTS, ...dropUndefined(options) };
  assertInteger('nEstimators', resolved.nEstimators, 1, 10_000);
  if (resolved.maxDepth !== Infinity) assertInteger('maxDepth', resolved.maxDepth, 1, 1000);
  assertInteger('minSamplesLeaf', resolved.minSamplesLeaf, 1);
  assertInteger('minSamplesSplit', resolved.minSamplesSplit, 2);
  assertInteger('maxBins', resolved.maxBins, 2, MAX_BINS);
  assertNumberIn('sampleFraction', resolved.sampleFraction, 0, 1, { minExclusive: true });
  if (typeof resolved.bootstrap !== 'boolean') throw new RangeError(`bootstrap must be true or false, got ${String(resolved.bootstrap)}`);
  if (!Number.isFinite(resolved.seed)) throw new RangeError(`seed must be a finite number, got ${resolved.seed}`);
  const mf = resolved.maxFeatures;
  if (!(mf === 'sqrt' || mf === 'log2' || mf === 'all' || (typeof mf === 'number' && ((Number.isInteger(mf) && mf >= 1) || (mf > 0 && mf < 1))))) {
    throw new RangeError(`maxFeatures must be 'sqrt', 'log2', 'all', an integer >= 1 or a fraction in (0, 1), got ${String(mf)}`);
  }
  return resolved;
}

export function featuresPerSplit(maxFeatures: ResolvedRandomForestOptions['maxFeatures'], nFeatures: number): number {
  const count =
    maxFeatures === 'sqrt' ? Math.floor(Math.sqrt(nFeatures))
    : maxFeatures === 'log2' ? Math.floor(Math.log2(nFeatures))
    : maxFeatures === 'all' ? nFeatures
    : maxFeatures < 1 ? Math.floor(maxFeatures * nFeatures)
    : maxFeatures;
  return Math.min(nFeatures, Math.max(1, count));
}

export function dropUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}
