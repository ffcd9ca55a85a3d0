// Beta posteriors of conversion rates: density, CDF, and the probability that one arm's rate beats
// another's or is the best of n.
import { logGamma } from './gamma';

export interface BetaParameters {
  readonly alpha: number;
  readonly beta: number;
}

const EPSILON = 1e-16;
const TINY = 1e-300;

export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** The posterior of a rate after `conversions` of `exposures` with a uniform Beta(1, 1) prior. */
export function posteriorOf(conversions: number, exposures: number): BetaParameters {
  return { alpha: 1 + conversions, beta: 1 + exposures - conversions };
}

export function betaDensity(x: number, { alpha, beta }: BetaParameters): number {
  if (x < 0 || x > 1) return 0;
  if (x === 0) return alpha === 1 ? beta : alpha < 1 ? Infinity : 0;
  if (x === 1) return beta === 1 ? alpha : beta < 1 ? Infinity : 0;
  return Math.exp((alpha - 1) * Math.log(x) + (beta - 1) * Math.log1p(-x) - logBeta(alpha, beta));
}

/** I_x(α, β), the regularized incomplete beta function (the Beta CDF); continued fraction, Lentz. */
export function betaCdf(x: number, { alpha, beta }: BetaParameters): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(alpha * Math.log(x) + beta * Math.log1p(-x) - logBeta(alpha, beta));
  // The fraction converges fast on the side of the mean it is evaluated on; use symmetry otherwise.
  if (x < (alpha + 1) / (alpha + beta + 2)) return (front * betaContinuedFraction(x, alpha, beta)) / alpha;
  return 1 - (front * betaContinuedFraction(1 - x, beta, alpha)) / beta;
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 100_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return h;
}

/**
 * P(p_B > p_A) for p_A ~ Beta(αA, βA), p_B ~ Beta(αB, βB) with integer αB: Evan Miller's closed form
 * ("Formulas for Bayesian A/B Testing", 2015),
 *   Σ_{i=0}^{αB−1} B(αA+i, βA+βB) / ((βB+i) · B(1+i, βB) · B(αA, βA)),
 * summed in log space (one term per conversion of B, so it stays exact for any realistic count).
 */
export function probabilityBBeatsA(a: BetaParameters, b: BetaParameters): number {
  if (!Number.isInteger(b.alpha)) throw new RangeError(`the closed form needs an integer alpha for B, got ${b.alpha}`);
  const logBetaA = logBeta(a.alpha, a.beta);
  let total = 0;
  for (let i = 0; i < b.alpha; i++) {
    total += Math.exp(logBeta(a.alpha + i, a.beta + b.beta) - Math.log(b.beta + i) - logBeta(1 + i, b.beta) - logBetaA);
  }
  return Math.min(1, Math.max(0, total));
}

const WINDOW_SDS = 12; // the density outside mean ± 12 sd is below 1e-30 of its mass for any Beta met here
const STEPS_PER_SD = 24;
const MAX_STEPS = 400_000;

/**
 * For each posterior, P(its rate is the highest): ∫ f_k(x) Π_{j≠k} F_j(x) dx by composite Simpson's rule
 * over arm k's window (mean ± 12 sd), with a step fine enough for the narrowest posterior that overlaps
 * it. Two arms agree with probabilityBBeatsA to better than 1e-9 (tested).
 */
export function probabilityToBeBest(posteriors: readonly BetaParameters[]): number[] {
  if (posteriors.length === 0) return [];
  if (posteriors.length === 1) return [1];
  const windows = posteriors.map(windowOf);
  const raw = posteriors.map((posterior, k) => {
    const [from, to] = windows[k];
    const overlapping = windows.filter(([lo, hi]) => hi > from && lo < to).map((window) => window[2]);
    const step = Math.min(...overlapping) / STEPS_PER_SD;
    let intervals = Math.min(MAX_STEPS, Math.max(200, Math.ceil((to - from) / step)));
    if (intervals % 2 === 1) intervals += 1;
    const h = (to - from) / intervals;
    const others = posteriors.filter((_, j) => j !== k);
    const integrand = (x: number): number => {
      let value = betaDensity(x, posterior);
      for (let j = 0; j < others.length && value > 0; j++) value *= betaCdf(x, others[j]);
      return value;
    };
    let sum = integrand(from) + integrand(to);
    for (let i = 1; i < intervals; i++) sum += (i % 2 === 1 ? 4 : 2) * integrand(from + i * h);
    return (sum * h) / 3;
  });
  const total = raw.reduce((s, v) => s + v, 0);
  // The probabilities add up to 1 up to the quadrature error; normalise so a display never shows 100.1 %.
  return raw.map((value) => value / total);
}

function windowOf({ alpha, beta }: BetaParameters): [number, number, number] {
  const mean = alpha / (alpha + beta);
  const sd = Math.sqrt((alpha * beta) / ((alpha + beta) ** 2 * (alpha + beta + 1)));
  return [Math.max(0, mean - WINDOW_SDS * sd), Math.min(1, mean + WINDOW_SDS * sd), sd];
}
