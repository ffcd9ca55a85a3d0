// Confidence intervals for a rate, for the difference of two rates and for their ratio.

export interface Interval {
  readonly lower: number;
  readonly upper: number;
}

/** Wilson score interval for x successes out of n (Wilson 1927; Newcombe 1998, method 3). */
export function wilsonInterval(successes: number, trials: number, z: number): Interval {
  checkCounts(successes, trials);
  if (trials === 0) return { lower: 0, upper: 1 };
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  // Exact bounds at the edges (the formula gives them up to rounding).
  return { lower: successes === 0 ? 0 : centre - half, upper: successes === trials ? 1 : centre + half };
}

/**
 * Interval for p1 − p2 by Newcombe's hybrid score method (Newcombe 1998, method 10): Wilson intervals
 * (l1, u1) and (l2, u2) of each rate combined as
 *   lower = d − √((p1 − l1)² + (u2 − p2)²),  upper = d + √((u1 − p1)² + (p2 − l2)²).
 * Good coverage at small counts and at rates near 0, where the Wald interval fails.
 */
export function newcombeDifferenceInterval(successes1: number, trials1: number, successes2: number, trials2: number, z: number): Interval & { estimate: number } {
  const p1 = successes1 / trials1;
  const p2 = successes2 / trials2;
  const first = wilsonInterval(successes1, trials1, z);
  const second = wilsonInterval(successes2, trials2, z);
  const estimate = p1 - p2;
  return {
    estimate,
    lower: estimate - Math.sqrt((p1 - first.lower) ** 2 + (second.upper - p2) ** 2),
    upper: estimate + Math.sqrt((first.upper - p1) ** 2 + (p2 - second.lower) ** 2),
  };
}

/**
 * Interval for the relative lift p1 / p2 − 1 by the delta method on the log ratio:
 * Var(ln p̂) ≈ (1 − p) / (n p) = 1/x − 1/n, so ln(p1/p2) ± z √(1/x1 − 1/n1 + 1/x2 − 1/n2), minus one after
 * exponentiating. Undefined (null) when either arm has no success.
 */
export function relativeLiftInterval(successes1: number, trials1: number, successes2: number, trials2: number, z: number): (Interval & { estimate: number }) | null {
  if (successes1 === 0 || successes2 === 0) return null;
  const ratio = successes1 / trials1 / (successes2 / trials2);
  const se = Math.sqrt(1 / successes1 - 1 / trials1 + 1 / successes2 - 1 / trials2);
  const logRatio = Math.log(ratio);
  return { estimate: ratio - 1, lower: Math.exp(logRatio - z * se) - 1, upper: Math.exp(logRatio + z * se) - 1 };
}

export function checkCounts(successes: number, trials: number): void {
  if (!Number.isInteger(successes) || !Number.isInteger(trials) || successes < 0 || trials < 0 || successes > trials) {
    throw new RangeError(`counts must be whole numbers with 0 <= successes <= trials, got ${successes} of ${trials}`);
  }
}
