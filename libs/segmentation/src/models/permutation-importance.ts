import { DesignMatrix } from '../dataset/design-matrix';
import { assertBinaryLabels } from '../dataset/labels';
import { ColumnGroup } from '../dataset/table-encoder';
import { rocAuc } from '../metrics/roc-auc';
import { createRandom, shuffledIndices } from '../random';
import { assertInteger } from './check-options';

export interface PermutationImportanceOptions {
  /** Shuffles per group; the drop is averaged over them. Default 5. */
  repeats?: number;
  /**
   * Features shuffled together, each group with one name: pass `encoder.columnGroups()` to score
   * an original column with all its one-hot features at once. Default: one group per feature.
   */
  groups?: readonly ColumnGroup[];
  seed?: number;
}

export interface FeatureImportance {
  /** Column (group) name, or the feature name when each feature is its own group. */
  name: string;
  features: string[];
  /** Mean ROC AUC lost when the group is shuffled: how much the model relies on it. */
  meanAucDrop: number;
  /** Standard deviation of the drop over the repeats (population formula). */
  stdAucDrop: number;
}

export interface PermutationImportanceResult {
  baselineAuc: number;
  repeats: number;
  /** Highest mean drop first. */
  importances: FeatureImportance[];
}

/**
 * Permutation importance on held-out rows: shuffle one group of features across rows (the same
 * shuffle for every feature in the group, so one-hot rows stay valid), score again, and measure
 * the ROC AUC lost. Deterministic for a seed.
 */
export function permutationImportance(
  predictProba: (matrix: DesignMatrix) => Float64Array,
  matrix: DesignMatrix,
  labels: Uint8Array,
  options: PermutationImportanceOptions = {},
): PermutationImportanceResult {
  const repeats = options.repeats ?? 5;
  assertInteger('repeats', repeats, 1, 1000);
  assertBinaryLabels(labels, matrix.nRows);
  const groups = options.groups ?? matrix.featureNames.map((name, j) => ({ column: name, features: [j] }));
  for (const group of groups) {
    for (const j of group.features) if (!(Number.isInteger(j) && j >= 0 && j < matrix.nFeatures)) throw new RangeError(`group "${group.column}" names feature ${j}, outside 0..${matrix.nFeatures - 1}`);
  }

  const baselineAuc = rocAuc(predictProba(matrix), labels);
  const random = createRandom(options.seed ?? 42);
  const { nRows, nFeatures } = matrix;
  const working: DesignMatrix = { ...matrix, values: matrix.values.slice() };
  const importances = groups.map((group) => {
    const drops: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const order = shuffledIndices(nRows, random);
      for (const j of group.features) for (let i = 0; i < nRows; i++) working.values[i * nFeatures + j] = matrix.values[order[i] * nFeatures + j];
      drops.push(baselineAuc - rocAuc(predictProba(working), labels));
    }
    for (const j of group.features) for (let i = 0; i < nRows; i++) working.values[i * nFeatures + j] = matrix.values[i * nFeatures + j];
    const mean = drops.reduce((s, d) => s + d, 0) / repeats;
    const variance = drops.reduce((s, d) => s + (d - mean) * (d - mean), 0) / repeats;
    return { name: group.column, features: group.features.map((j) => matrix.featureNames[j]), meanAucDrop: mean, stdAucDrop: Math.sqrt(variance) };
  });
  // Stable order for equal drops: the groups' own order.
  const ranked = importances.map((importance, k) => ({ importance, k })).sort((a, b) => b.importance.meanAucDrop - a.importance.meanAucDrop || a.k - b.k);
  return { baselineAuc, repeats, importances: ranked.map(({ importance }) => importance) };
}
