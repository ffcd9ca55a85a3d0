// The standard normal distribution. erfc(x) = Q(1/2, x²) (regularized upper incomplete gamma), which
// keeps full relative precision far into the tail, where 1 − Φ(x) would cancel to zero.
import { regularizedGammaQ } from './gamma';

const SQRT_TWO = Math.SQRT2;
const INV_SQRT_TWO_PI = 1 / Math.sqrt(2 * Math.PI);

/** The complementary error function. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === 0) return 1;
  const q = regularizedGammaQ(0.5, x * x);
  return x > 0 ? q : 2 - q;
}

/** Φ(x), P(Z ≤ x). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / SQRT_TWO);
}

/** 1 − Φ(x), P(Z > x), accurate in the upper tail. */
export function normalSurvival(x: number): number {
  return 0.5 * erfc(x / SQRT_TWO);
}

export function normalDensity(x: number): number {
  return INV_SQRT_TWO_PI * Math.exp(-0.5 * x * x);
}

/**
 * Φ⁻¹(p): Newton's method on Φ from a logistic first guess, guarded by bisection. Used for the
 * interval's critical value (1.959963984540054 at 95 %); converges to the last bit in a few steps.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile needs 0 < p < 1, got ${p}`);
  if (p === 0.5) return 0;
  let low = -40;
  let high = 40;
  let x = Math.log(p / (1 - p)) * 0.6;
  for (let i = 0; i < 200; i++) {
    // Φ(x) − p, written with the tail that keeps its digits
    const error = p < 0.5 ? normalCdf(x) - p : 1 - p - normalSurvival(x);
    if (error === 0) return x;
    if (error > 0) high = x;
    else low = x;
    let next = x - error / normalDensity(x);
    if (!(next > low && next < high)) next = (low + high) / 2;
    if (Math.abs(next - x) <= 1e-15 * Math.max(1, Math.abs(x))) return next;
    x = next;
  }
  return x;
}
