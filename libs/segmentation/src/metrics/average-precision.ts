import { assertBothClasses, assertScoresAndLabels, indicesByScoreDescending } from './check-inputs';

/**
 * Area under the precision–recall curve as average precision, the step-wise definition
 * (scikit-learn's `average_precision_score`): AP = Σ (R_k − R_{k−1}) · P_k over the distinct
 * score thresholds from high to low, tied scores entering together. No interpolation, so it
 * does not overstate the area the way the trapezoidal rule can.
 */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  assertScoresAndLabels(scores, labels, 'average precision');
  const { positives } = assertBothClasses(labels, 'average precision');
  const order = indicesByScoreDescending(scores);
  let truePositives = 0;
  let predicted = 0;
  let previousRecall = 0;
  let area = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end < order.length && scores[order[end]] === scores[order[start]]) {
      truePositives += labels[order[end]];
      end++;
    }
    predicted = end;
    const recall = truePositives / positives;
    area += (recall - previousRecall) * (truePositives / predicted);
    previousRecall = recall;
    start = end;
  }
  return area;
}
