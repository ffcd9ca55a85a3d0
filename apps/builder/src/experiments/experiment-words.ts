// Experiment statistics as a growth marketer reads them: percentages, p-values and one sentence
// about whether the result can be trusted yet.
import type { SplitResult } from '../api/experiments';
import { EMPTY, formatCount } from '../format';

/** 0.1234 -> "12.3 %". */
export function percent(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return EMPTY;
  return `${(value * 100).toFixed(digits)} %`;
}

/** A difference of rates in percentage points, with its sign: "+1.2 pts". */
export function points(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return EMPTY;
  const text = (value * 100).toFixed(1);
  return `${value > 0 ? '+' : ''}${text} pts`;
}

/** A relative change with its sign: "+8.0 %". */
export function signedPercent(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return EMPTY;
  return `${value > 0 ? '+' : ''}${(value * 100).toFixed(1)} %`;
}

export function pValue(value: number | null | undefined): string {
  if (value === null || value === undefined) return EMPTY;
  return value < 0.001 ? '< 0.001' : value.toFixed(3);
}

/** "[10.2 %, 14.5 %]" */
export function interval(range: { lower: number; upper: number } | null, format: (v: number) => string): string {
  return range ? `${format(range.lower)} to ${format(range.upper)}` : EMPTY;
}

/** Whether the smallest arm has enough exposures and conversions, in words with both counts. */
export function sampleSentence(experiment: SplitResult): string {
  const { sample } = experiment;
  if (sample.reached) return `Enough data: every arm has at least ${formatCount(sample.required.exposuresPerArm)} exposures and ${formatCount(sample.required.conversionsPerArm)} conversions.`;
  const missing: string[] = [];
  if (sample.smallestExposures < sample.required.exposuresPerArm) missing.push(`${formatCount(sample.smallestExposures)} of ${formatCount(sample.required.exposuresPerArm)} exposures`);
  if (sample.smallestConversions < sample.required.conversionsPerArm) missing.push(`${formatCount(sample.smallestConversions)} of ${formatCount(sample.required.conversionsPerArm)} conversions`);
  return `Not enough data yet: ${missing.join(' and ')} in the smallest arm. Until then the numbers below can still swing either way.`;
}

/** The sample-ratio check in words, or null when it could not run (one arm, no exposure). */
export function sampleRatioSentence(experiment: SplitResult): string | null {
  const check = experiment.sampleRatio;
  if (!check) return null;
  if (check.mismatch) {
    return `Warning: the split does not match its weights (sample-ratio mismatch, p ${pValue(check.pValue)}). Customers were not assigned as configured, so these results cannot be trusted until the cause is found.`;
  }
  return `The split matches its weights (sample-ratio check p ${pValue(check.pValue)}).`;
}
