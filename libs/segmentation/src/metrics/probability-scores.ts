import { assertProbabilities } from './check-inputs';

/** Probabilities are clipped to [ε, 1 − ε] so a confident mistake costs a large but finite amount. */
export const LOG_LOSS_EPSILON = 1e-15;

/** Mean negative log-likelihood (natural log) of the labels under the predicted probabilities. */
export function logLoss(probabilities: ArrayLike<number>, labels: ArrayLike<number>, epsilon = LOG_LOSS_EPSILON): number {
  assertProbabilities(probabilities, labels, 'log loss');
  if (!(epsilon > 0 && epsilon < 0.5)) throw new RangeError(`log loss: epsilon must be in (0, 0.5), got ${epsilon}`);
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(1 - epsilon, Math.max(epsilon, probabilities[i]));
    total -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return total / labels.length;
}

/** Mean squared difference between predicted probability and outcome (0 is perfect). */
export function brierScore(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  assertProbabilities(probabilities, labels, 'Brier score');
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    const d = probabilities[i] - labels[i];
    total += d * d;
  }
  return total / labels.length;
}
