import { kmeans, KMeansResult } from './kmeans';
import { checkPointMatrix, PointMatrix } from './point-matrix';
import { silhouetteSample, silhouetteScores } from './silhouette';

export interface ChooseKOptions {
  /** Default 2. */
  kMin?: number;
  /** Default 8. */
  kMax?: number;
  seed?: number;
  /** k-means++ starts per k (lowest inertia kept). Default 3. */
  restarts?: number;
  maxIterations?: number;
  /** Silhouette is scored on a seeded sample of this many rows (the same rows for every k). Default 5000. */
  silhouetteSampleSize?: number;
}

export interface KScore {
  k: number;
  silhouette: number;
  inertia: number;
}

export interface ChooseKResult {
  /** The k with the highest silhouette (the smaller k on a tie). */
  k: number;
  silhouette: number;
  /** Every k tried, ascending. */
  scores: KScore[];
  best: KMeansResult;
}

/** Runs k-means for each k in [kMin, kMax] and keeps the one with the best silhouette. */
export function chooseKBySilhouette(points: PointMatrix, options: ChooseKOptions = {}): ChooseKResult {
  checkPointMatrix(points);
  const kMin = options.kMin ?? 2;
  const kMax = options.kMax ?? 8;
  const seed = options.seed ?? 0;
  if (!Number.isInteger(kMin) || !Number.isInteger(kMax) || kMin < 2 || kMax < kMin) throw new RangeError(`need integers 2 <= kMin <= kMax, got kMin ${kMin}, kMax ${kMax}`);
  if (kMax >= points.rows) throw new RangeError(`kMax (${kMax}) must be below the number of rows (${points.rows})`);
  const sample = silhouetteSample(points.rows, options.silhouetteSampleSize ?? 5000, seed);
  const results: KMeansResult[] = [];
  // Seed per k, so adding a k to the range does not change the others.
  for (let k = kMin; k <= kMax; k++) results.push(kmeans(points, k, { seed: seed * 1000 + k, restarts: options.restarts ?? 3, maxIterations: options.maxIterations }));
  // every k scored in one pass over the sample's pairs
  const silhouettes = silhouetteScores(points, results.map((result) => result.labels), sample);
  const scores: KScore[] = [];
  let best: KMeansResult | undefined;
  let bestSilhouette = -Infinity;
  results.forEach((result, i) => {
    const silhouette = silhouettes[i];
    scores.push({ k: result.k, silhouette, inertia: result.inertia });
    if (silhouette > bestSilhouette) {
      bestSilhouette = silhouette;
      best = result;
    }
  });
  const chosen = best as KMeansResult;
  return { k: chosen.k, silhouette: bestSilhouette, scores, best: chosen };
}
