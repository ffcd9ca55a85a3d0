// Sample-ratio mismatch: did the split deliver the configured weights? A chi-square goodness-of-fit
// test of exposures against the weights; a p-value below 0.001 means the assignment or the logging is
// broken (a real split drifts that far once in a thousand experiments), so the results are not to be trusted.
import { chiSquareSurvival } from '../distributions/gamma';

export const SRM_P_VALUE_THRESHOLD = 0.001;

export interface SampleRatioCheck {
  readonly chiSquare: number;
  readonly degreesOfFreedom: number;
  readonly pValue: number;
  readonly mismatch: boolean;
  readonly expected: Record<string, number>;
}

export interface ObservedArm {
  readonly id: string;
  readonly weight: number;
  readonly exposures: number;
}

/** Null with fewer than two weighted arms or no exposure. An arm of weight 0 that has exposures is a mismatch. */
export function sampleRatioCheck(arms: readonly ObservedArm[], threshold = SRM_P_VALUE_THRESHOLD): SampleRatioCheck | null {
  const total = arms.reduce((sum, arm) => sum + arm.exposures, 0);
  const weightSum = arms.reduce((sum, arm) => sum + Math.max(0, arm.weight), 0);
  const weighted = arms.filter((arm) => arm.weight > 0);
  if (total === 0 || !(weightSum > 0)) return null;
  const expected: Record<string, number> = {};
  for (const arm of arms) expected[arm.id] = (total * Math.max(0, arm.weight)) / weightSum;
  if (arms.some((arm) => !(arm.weight > 0) && arm.exposures > 0)) {
    return { chiSquare: Infinity, degreesOfFreedom: Math.max(1, weighted.length - 1), pValue: 0, mismatch: true, expected };
  }
  if (weighted.length < 2) return null;
  const chiSquare = weighted.reduce((sum, arm) => sum + (arm.exposures - expected[arm.id]) ** 2 / expected[arm.id], 0);
  const degreesOfFreedom = weighted.length - 1;
  const pValue = chiSquareSurvival(chiSquare, degreesOfFreedom);
  return { chiSquare, degreesOfFreedom, pValue, mismatch: pValue < threshold, expected };
}
