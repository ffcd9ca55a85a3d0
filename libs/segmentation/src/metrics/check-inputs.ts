/** Up-front checks shared by the metrics: same length, not empty, 0/1 labels, finite scores. */
export function assertScoresAndLabels(scores: ArrayLike<number>, labels: ArrayLike<number>, metric: string): void {
  if (scores.length !== labels.length) throw new RangeError(`${metric}: ${scores.length} scores for ${labels.length} labels`);
  if (scores.length === 0) throw new RangeError(`${metric}: no rows to evaluate`);
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 0 && labels[i] !== 1) throw new RangeError(`${metric}: label in row ${i} is ${labels[i]}; labels must be 0 or 1`);
    if (!Number.isFinite(scores[i])) throw new RangeError(`${metric}: score in row ${i} is ${scores[i]}; scores must be finite numbers`);
  }
}

/** Probabilistic metrics also need every score in [0, 1]. */
export function assertProbabilities(scores: ArrayLike<number>, labels: ArrayLike<number>, metric: string): void {
  assertScoresAndLabels(scores, labels, metric);
  for (let i = 0; i < scores.length; i++) {
    if (scores[i] < 0 || scores[i] > 1) throw new RangeError(`${metric}: score in row ${i} is ${scores[i]}; probabilities must lie in [0, 1]`);
  }
}

/** Both classes must be present for ranking metrics (AUC, average precision). */
export function assertBothClasses(labels: ArrayLike<number>, metric: string): { positives: number; negatives: number } {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i];
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) {
    throw new RangeError(`${metric} needs both classes; found ${positives} positive and ${negatives} negative rows`);
  }
  return { positives, negatives };
}

/** Row indices ordered by score, highest first; ties keep row order so results are deterministic. */
export function indicesByScoreDescending(scores: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => scores[b] - scores[a] || a - b);
}
