import { clusterCustomers, createRandom, dbscan, shuffledIndices, standardizeFeatures, type ClusterFeature, type ClusterProfile, type CustomerClustering } from '@retain/segmentation';

export interface PopulationClustering {
  clustering: CustomerClustering;
  /** Customers k-means was fitted on (all included customers, or a seeded sample of them). */
  fittedOn: number;
  sampled: boolean;
}

export interface ClusterPopulationOptions {
  seed?: number;
  /** Fit k-means (and choose k) on at most this many customers; the rest join their nearest centroid. Default 20,000. */
  sampleSize?: number;
  kMin?: number;
  kMax?: number;
}

/** A seeded mask of at most `size` of the customers where `include` is set. */
export function sampleMask(include: ArrayLike<number>, size: number, seed: number): { mask: Uint8Array; count: number; sampled: boolean } {
  const members: number[] = [];
  for (let c = 0; c < include.length; c++) if (include[c]) members.push(c);
  const mask = new Uint8Array(include.length);
  if (members.length <= size) {
    for (const c of members) mask[c] = 1;
    return { mask, count: members.length, sampled: false };
  }
  const order = shuffledIndices(members.length, createRandom(seed));
  for (let i = 0; i < size; i++) mask[members[order[i]]] = 1;
  return { mask, count: size, sampled: true };
}

/**
 * k-means with k by silhouette (the library's clusterCustomers) on a seeded sample, then every other
 * included customer assigned to the nearest centroid in the same standardized space. Choosing k
 * costs (kMax − kMin + 1) × restarts k-means runs: on a million customers that is minutes, on
 * 20,000 a second, and the centroids barely move. Profile sizes and shares count everyone; means
 * and medians describe the fitted sample.
 */
export function clusterPopulation(features: readonly ClusterFeature[], include: ArrayLike<number>, options: ClusterPopulationOptions = {}): PopulationClustering {
  const seed = options.seed ?? 7;
  const sample = sampleMask(include, options.sampleSize ?? 20_000, seed);
  const clustering = clusterCustomers(features, { include: sample.mask, seed, kMin: options.kMin ?? 2, kMax: Math.min(options.kMax ?? 8, sample.count - 1) });
  if (sample.sampled) {
    const { center, scale, transforms } = standardizeFeatures(features, sample.mask);
    const { centroids, k } = clustering.kmeans;
    const columns = features.length;
    const point = new Float64Array(columns);
    for (let c = 0; c < include.length; c++) {
      if (!include[c] || sample.mask[c]) continue;
      for (let j = 0; j < columns; j++) {
        const v = features[j].values[c];
        point[j] = ((transforms[j] === 'log1p' ? Math.log1p(Math.max(0, v)) : v) - center[j]) / scale[j];
      }
      let best = 0;
      let bestDistance = Infinity;
      for (let cluster = 0; cluster < k; cluster++) {
        let d = 0;
        for (let j = 0; j < columns; j++) d += (point[j] - centroids[cluster * columns + j]) ** 2;
        if (d < bestDistance) {
          bestDistance = d;
          best = cluster;
        }
      }
      clustering.clusterOfCustomer[c] = best;
    }
    recountProfiles(clustering.profiles, clustering.clusterOfCustomer);
  }
  return { clustering, fittedOn: sample.count, sampled: sample.sampled };
}

function recountProfiles(profiles: ClusterProfile[], clusterOfCustomer: Int32Array): void {
  const sizes = new Array<number>(profiles.length).fill(0);
  let total = 0;
  for (const cluster of clusterOfCustomer) {
    if (cluster < 0) continue;
    sizes[cluster]++;
    total++;
  }
  profiles.forEach((profile, k) => {
    profile.size = sizes[k];
    profile.share = total ? sizes[k] / total : 0;
  });
}

export interface OutlierReport {
  method: 'dbscan';
  eps: number;
  minPts: number;
  /** Customers DBSCAN looked at (a seeded sample when there are more than maxRows). */
  rows: number;
  sampled: boolean;
  clusterCount: number;
  clusterSizes: number[];
  outlierCount: number;
  outlierShare: number;
  /** Customer ids of the outliers (at most 500 listed). */
  outlierCustomerIds: number[];
}

/**
 * DBSCAN outliers on the standardized cluster features, eps from the k-distance knee. The library's
 * DBSCAN compares every pair (O(n²)) and refuses more than 10,000 rows: larger populations are sampled.
 */
export function findOutliers(features: readonly ClusterFeature[], include: ArrayLike<number>, customerIds: Int32Array, options: { seed?: number; maxRows?: number } = {}): OutlierReport | null {
  const sample = sampleMask(include, options.maxRows ?? 5_000, (options.seed ?? 7) + 1);
  const minPts = 2 * features.length;
  if (sample.count < Math.max(minPts, 10)) return null;
  const standardized = standardizeFeatures(features, sample.mask);
  const result = dbscan(standardized.points, { minPts, maxRows: 10_000 });
  const outlierIds = Array.from(result.outliers, (row) => customerIds[standardized.rowCustomers[row]]);
  return {
    method: 'dbscan',
    eps: result.eps,
    minPts,
    rows: sample.count,
    sampled: sample.sampled,
    clusterCount: result.clusterCount,
    clusterSizes: Array.from(result.clusterSizes),
    outlierCount: outlierIds.length,
    outlierShare: outlierIds.length / sample.count,
    outlierCustomerIds: outlierIds.slice(0, 500),
  };
}
