// One A/B/n comparison: every arm against the control, frequentist and Bayesian, with the split and
// sample checks that say whether to trust it.
import { normalQuantile } from '../distributions/normal';
import { posteriorOf, probabilityBBeatsA, probabilityToBeBest } from '../distributions/beta';
import { newcombeDifferenceInterval, relativeLiftInterval, wilsonInterval, checkCounts, type Interval } from '../proportions/intervals';
import { twoProportionZTest, type ZTest } from '../proportions/z-test';
import { sampleRatioCheck, SRM_P_VALUE_THRESHOLD, type ObservedArm, type SampleRatioCheck } from './sample-ratio';
import { DEFAULT_MINIMUM_SAMPLE, minimumSampleState, type MinimumSample, type SampleState } from './minimum-sample';

export interface ArmInput {
  readonly id: string;
  /** Configured share (any scale; only ratios matter). */
  readonly weight: number;
  readonly exposures: number;
  readonly conversions: number;
}

export interface AnalyzeOptions {
  /** Defaults to the first arm. */
  readonly controlId?: string;
  /** Two-sided confidence of the intervals; 0.95 by default. */
  readonly confidence?: number;
  readonly minimumSample?: MinimumSample;
  /** P(beat control) an arm needs to be promotable; 0.95 by default. */
  readonly promotionThreshold?: number;
  readonly srmThreshold?: number;
  /**
   * Exposures and weights for the sample-ratio check when they differ from the arms': weights that
   * changed between flow versions (weight = the expected share) or exposures before a promotion.
   */
  readonly sampleRatioArms?: readonly ObservedArm[];
}

export interface Lift extends Interval {
  readonly estimate: number;
}

export interface ArmResult {
  readonly id: string;
  readonly weight: number;
  readonly isControl: boolean;
  readonly exposures: number;
  readonly conversions: number;
  /** Null with no exposure. */
  readonly rate: number | null;
  readonly rateInterval: Interval | null;
  /** p_arm − p_control, Newcombe hybrid score interval. Null for the control or an empty arm. */
  readonly absoluteLift: Lift | null;
  /** p_arm / p_control − 1, log-ratio delta-method interval. Null for the control or with no conversion. */
  readonly relativeLift: Lift | null;
  /** Pooled two-proportion z-test against the control. */
  readonly zTest: ZTest | null;
  /** P(p_arm > p_control) under Beta(1 + conversions, 1 + non-conversions) posteriors. Null for the control. */
  readonly probabilityToBeatControl: number | null;
  readonly probabilityToBeBest: number;
}

export interface ExperimentResult {
  readonly controlId: string;
  readonly confidence: number;
  readonly arms: ArmResult[];
  readonly sampleRatio: SampleRatioCheck | null;
  readonly sample: SampleState;
  /** Arms whose P(beat control) reaches the threshold, only once the minimum sample is reached and the split is sound. */
  readonly promotable: string[];
  readonly methods: typeof METHODS;
}

export const METHODS = {
  rateInterval: 'Wilson score',
  absoluteLift: 'Newcombe hybrid score (method 10) on Wilson intervals',
  relativeLift: 'delta method on the log ratio',
  test: 'two-sided two-proportion z-test, pooled standard error',
  bayesian: 'Beta(1 + conversions, 1 + non-conversions) posteriors; P(beat control) by Evan Miller’s closed form, P(best) by numerical integration',
  sampleRatio: 'chi-square goodness of fit of exposures against the weights',
} as const;

export function analyzeExperiment(arms: readonly ArmInput[], options: AnalyzeOptions = {}): ExperimentResult {
  if (arms.length === 0) throw new RangeError('an experiment needs at least one arm');
  for (const arm of arms) checkCounts(arm.conversions, arm.exposures);
  const confidence = options.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be between 0 and 1, got ${confidence}`);
  const controlId = options.controlId ?? arms[0].id;
  const control = arms.find((arm) => arm.id === controlId);
  if (!control) throw new RangeError(`control arm "${controlId}" is not among the arms`);
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const posteriors = arms.map((arm) => posteriorOf(arm.conversions, arm.exposures));
  const controlPosterior = posteriorOf(control.conversions, control.exposures);
  const best = probabilityToBeBest(posteriors);

  const results: ArmResult[] = arms.map((arm, index) => {
    const isControl = arm.id === controlId;
    const comparable = !isControl && arm.exposures > 0 && control.exposures > 0;
    return {
      id: arm.id,
      weight: arm.weight,
      isControl,
      exposures: arm.exposures,
      conversions: arm.conversions,
      rate: arm.exposures > 0 ? arm.conversions / arm.exposures : null,
      rateInterval: arm.exposures > 0 ? wilsonInterval(arm.conversions, arm.exposures, z) : null,
      absoluteLift: comparable ? newcombeDifferenceInterval(arm.conversions, arm.exposures, control.conversions, control.exposures, z) : null,
      relativeLift: comparable ? relativeLiftInterval(arm.conversions, arm.exposures, control.conversions, control.exposures, z) : null,
      zTest: comparable ? twoProportionZTest(arm.conversions, arm.exposures, control.conversions, control.exposures) : null,
      probabilityToBeatControl: isControl ? null : probabilityBBeatsA(controlPosterior, posteriors[index]),
      probabilityToBeBest: best[index],
    };
  });

  const sampleRatio = sampleRatioCheck(options.sampleRatioArms ?? arms, options.srmThreshold ?? SRM_P_VALUE_THRESHOLD);
  const sample = minimumSampleState(arms, options.minimumSample ?? DEFAULT_MINIMUM_SAMPLE);
  const threshold = options.promotionThreshold ?? 0.95;
  const sound = sample.reached && !sampleRatio?.mismatch;
  const promotable = sound ? results.filter((arm) => !arm.isControl && (arm.probabilityToBeatControl ?? 0) >= threshold).map((arm) => arm.id) : [];
  return { controlId, confidence, arms: results, sampleRatio, sample, promotable, methods: METHODS };
}

export interface SegmentArmInput extends ArmInput {
  readonly segment: string;
}

/** Uplift by segment: the same comparison within each segment (segments in order of first appearance). */
export function analyzeBySegment(rows: readonly SegmentArmInput[], options: AnalyzeOptions = {}): Array<{ segment: string; result: ExperimentResult }> {
  const bySegment = new Map<string, ArmInput[]>();
  for (const { segment, ...arm } of rows) {
    const list = bySegment.get(segment) ?? [];
    list.push(arm);
    bySegment.set(segment, list);
  }
  return [...bySegment].map(([segment, segmentArms]) => ({ segment, result: analyzeExperiment(segmentArms, options) }));
}
