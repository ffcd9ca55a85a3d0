// Minimum-sample guard: before every arm has enough exposures and conversions, a p-value or a
// probability is noise that invites peeking, so the result says "not enough data yet" instead.

export interface MinimumSample {
  /** Exposures every arm needs. */
  readonly exposuresPerArm: number;
  /** Conversions every arm needs. */
  readonly conversionsPerArm: number;
}

export const DEFAULT_MINIMUM_SAMPLE: MinimumSample = { exposuresPerArm: 400, conversionsPerArm: 20 };

export interface SampleState {
  readonly reached: boolean;
  readonly required: MinimumSample;
  /** The smallest arm's counts. */
  readonly smallestExposures: number;
  readonly smallestConversions: number;
  /** A sentence for the screen. */
  readonly message: string;
}

export function minimumSampleState(arms: ReadonlyArray<{ exposures: number; conversions: number }>, required: MinimumSample = DEFAULT_MINIMUM_SAMPLE): SampleState {
  const smallestExposures = arms.length ? Math.min(...arms.map((arm) => arm.exposures)) : 0;
  const smallestConversions = arms.length ? Math.min(...arms.map((arm) => arm.conversions)) : 0;
  const missing: string[] = [];
  if (smallestExposures < required.exposuresPerArm) missing.push(`${smallestExposures} of ${required.exposuresPerArm} exposures per arm`);
  if (smallestConversions < required.conversionsPerArm) missing.push(`${smallestConversions} of ${required.conversionsPerArm} conversions per arm`);
  const reached = missing.length === 0;
  return {
    reached,
    required,
    smallestExposures,
    smallestConversions,
    message: reached ? 'Minimum sample reached.' : `Not enough data yet: ${missing.join(', ')}.`,
  };
}
