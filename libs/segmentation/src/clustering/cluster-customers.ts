import { gatherFloat64 } from '../dataset/gather';
import { mean, median } from '../features/column-stats';
import { chooseKBySilhouette, ChooseKOptions, KScore } from './choose-k';
import { FeatureWords, labelClusters } from './cluster-labels';
import { KMeansResult } from './kmeans';
import { applyTransform, ClusterFeature, standardizeFeatures } from './standardize';

export interface ClusterCustomersOptions extends ChooseKOptions {
  /** Cluster only customers with a non-zero entry (others get cluster -1). */
  include?: ArrayLike<number>;
  /** Words per feature name for labels (defaults cover the customer features). */
  vocabulary?: Readonly<Record<string, FeatureWords>>;
  /** Shift (in standard deviations) a median needs to earn a word in the label. Default 0.5. */
  labelThreshold?: number;
}

export interface FeatureSummary {
  mean: number;
  median: number;
}

export interface ClusterProfile {
  cluster: number;
  label: string;
  size: number;
  /** size / clustered customers. */
  share: number;
  /** Mean and median per feature, in original units. */
  features: Record<string, FeatureSummary>;
  /**
   * The cluster's median in standardized units of the transformed feature: (T(median) − population
   * mean of T) / population sd of T. Labels come from these; comparing with the population mean
   * rather than its median keeps the largest cluster from always looking "typical".
   */
  medianShift: Record<string, number>;
}

export interface CustomerClustering {
  k: number;
  silhouette: number;
  scores: KScore[];
  /** Cluster per customer (index into profiles); -1 when not included. */
  clusterOfCustomer: Int32Array;
  profiles: ClusterProfile[];
  population: Record<string, FeatureSummary>;
  kmeans: KMeansResult;
}

/**
 * Customer segments by k-means: transform (log1p for skewed money and counts), standardize, pick k by
 * silhouette, then describe each cluster in original units and give it a label.
 */
export function clusterCustomers(features: readonly ClusterFeature[], options: ClusterCustomersOptions = {}): CustomerClustering {
  const standardized = standardizeFeatures(features, options.include);
  const { points, rowCustomers, transforms, center, scale } = standardized;
  const chosen = chooseKBySilhouette(points, options);
  const labels = chosen.best.labels;
  const customers = features[0].values.length;
  const clusterOfCustomer = new Int32Array(customers).fill(-1);
  rowCustomers.forEach((customer, row) => (clusterOfCustomer[customer] = labels[row]));

  const population: Record<string, FeatureSummary> = {};
  const rowValues = features.map((f) => gatherFloat64(f.values, rowCustomers));
  features.forEach((f, j) => (population[f.name] = { mean: mean(rowValues[j]), median: median(rowValues[j]) }));

  const shifts: Float64Array[] = [];
  const profiles: ClusterProfile[] = [];
  for (let cluster = 0; cluster < chosen.k; cluster++) {
    const member = Uint8Array.from(labels, (l) => (l === cluster ? 1 : 0));
    const size = chosen.best.sizes[cluster];
    const summary: Record<string, FeatureSummary> = {};
    const medianShift: Record<string, number> = {};
    const shift = new Float64Array(features.length);
    features.forEach((f, j) => {
      summary[f.name] = { mean: mean(rowValues[j], member), median: median(rowValues[j], member) };
      shift[j] = size ? (applyTransform(summary[f.name].median, transforms[j]) - center[j]) / scale[j] : 0;
      medianShift[f.name] = shift[j];
    });
    shifts.push(shift);
    profiles.push({ cluster, label: '', size, share: size / points.rows, features: summary, medianShift });
  }
  const names = features.map((f) => f.name);
  labelClusters(shifts, names, options.vocabulary, options.labelThreshold).forEach((label, c) => (profiles[c].label = label));
  return { k: chosen.k, silhouette: chosen.silhouette, scores: chosen.scores, clusterOfCustomer, profiles, population, kmeans: chosen.best };
}
