// Two-proportion z-test with the pooled standard error (the textbook test of H0: p1 = p2).
import { normalSurvival } from '../distributions/normal';

export interface ZTest {
  readonly z: number;
  /** Two-sided. */
  readonly pValue: number;
}

/** Null when the pooled rate is 0 or 1 (no variance: nothing to test) or an arm is empty. */
export function twoProportionZTest(successes1: number, trials1: number, successes2: number, trials2: number): ZTest | null {
  if (trials1 === 0 || trials2 === 0) return null;
  const pooled = (successes1 + successes2) / (trials1 + trials2);
  const variance = pooled * (1 - pooled) * (1 / trials1 + 1 / trials2);
  if (!(variance > 0)) return null;
  const z = (successes1 / trials1 - successes2 / trials2) / Math.sqrt(variance);
  return { z, pValue: Math.min(1, 2 * normalSurvival(Math.abs(z))) };
}
