import { assertBothClasses, assertScoresAndLabels } from './check-inputs';

/**
 * Area under the ROC curve as the Mann–Whitney statistic: the probability that a random positive
 * scores above a random negative, ties counting one half (tied scores get their average rank).
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  assertScoresAndLabels(scores, labels, 'ROC AUC');
  const { positives, negatives } = assertBothClasses(labels, 'ROC AUC');
  const order = new Uint32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => scores[a] - scores[b]);
  let positiveRankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && scores[order[end]] === scores[order[start]]) end++;
    // Ranks start..end-1 (0-based) share the average rank (1-based).
    const averageRank = (start + end + 1) / 2;
    for (let k = start; k < end; k++) if (labels[order[k]] === 1) positiveRankSum += averageRank;
    start = end;
  }
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
