import { DesignMatrix, assertFiniteValues, assertSameFeatures } from '../dataset/design-matrix';
import { assertBinaryLabels } from '../dataset/labels';
import { assertInteger, assertNumberIn } from './check-options';
import { solveSymmetricPositiveDefinite } from './cholesky';
import { dropUndefined } from './forest';

export interface LogisticRegressionOptions {
  /**
   * L2 penalty λ on the coefficients (never on the intercept): the model minimises
   * Σ log-loss + λ/2 · ‖β‖², so λ = 1 matches scikit-learn's default C = 1. Default 1.
   */
  l2?: number;
  /** Newton iterations at most. Default 100. */
  maxIterations?: number;
  /** Stop after a Newton step whose predicted decrease of the objective (half the Newton decrement) is below this. Default 1e-10. */
  tolerance?: number;
}

export type ResolvedLogisticRegressionOptions = Required<LogisticRegressionOptions>;

export const LOGISTIC_REGRESSION_DEFAULTS: ResolvedLogisticRegressionOptions = { l2: 1, maxIterations: 100, tolerance: 1e-10 };

export interface LogisticTrainingReport {
  iterations: number;
  converged: boolean;
  /** Penalised negative log-likelihood at the solution. */
  objective: number;
  /** Largest absolute gradient component at the solution. */
  gradientMaxAbs: number;
}

export interface LogisticRegressionJSON {
  kind: 'logistic-regression';
  version: 1;
  featureNames: string[];
  intercept: number;
  coefficients: number[];
  options: ResolvedLogisticRegressionOptions;
  training: LogisticTrainingReport;
}

/**
 * Binary logistic regression with an intercept and an L2 penalty, fitted by Newton's method
 * (iteratively reweighted least squares) with a backtracking line search, so every step lowers the
 * objective. No randomness: the same data give the same coefficients.
 */
export class LogisticRegression {
  private constructor(
    readonly featureNames: readonly string[],
    readonly intercept: number,
    readonly coefficients: Float64Array,
    readonly options: ResolvedLogisticRegressionOptions,
    readonly training: LogisticTrainingReport,
  ) {}

  static fit(matrix: DesignMatrix, labels: Uint8Array, options: LogisticRegressionOptions = {}): LogisticRegression {
    const resolved = { ...LOGISTIC_REGRESSION_DEFAULTS, ...dropUndefined(options) };
    assertNumberIn('l2', resolved.l2, 0, Number.MAX_VALUE);
    assertInteger('maxIterations', resolved.maxIterations, 1, 10_000);
    assertNumberIn('tolerance', resolved.tolerance, 0, 1, { minExclusive: true });
    if (matrix.nRows < 2) throw new RangeError(`logistic regression needs at least 2 rows, got ${matrix.nRows}`);
    assertBinaryLabels(labels, matrix.nRows);
    assertFiniteValues(matrix.values, matrix.nFeatures, matrix.featureNames);

    const { weights, report } = newton(matrix, labels, resolved);
    return new LogisticRegression([...matrix.featureNames], weights[0], weights.slice(1), resolved, report);
  }

  static load(json: LogisticRegressionJSON): LogisticRegression {
    if (json?.kind !== 'logistic-regression' || json.version !== 1) throw new Error('not a serialized logistic regression (kind "logistic-regression", version 1)');
    if (json.coefficients.length !== json.featureNames.length) throw new RangeError(`${json.coefficients.length} coefficients for ${json.featureNames.length} features`);
    return new LogisticRegression([...json.featureNames], json.intercept, Float64Array.from(json.coefficients), { ...json.options }, { ...json.training });
  }

  /** Linear score (log-odds) per row. */
  decisionFunction(matrix: DesignMatrix): Float64Array {
    assertSameFeatures(matrix, this.featureNames, 'the logistic regression');
    const { nRows, nFeatures, values } = matrix;
    const scores = new Float64Array(nRows);
    for (let i = 0; i < nRows; i++) {
      let eta = this.intercept;
      for (let j = 0; j < nFeatures; j++) eta += values[i * nFeatures + j] * this.coefficients[j];
      scores[i] = eta;
    }
    return scores;
  }

  /** Churn probability per row. */
  predictProba(matrix: DesignMatrix): Float64Array {
    return this.decisionFunction(matrix).map(sigmoid);
  }

  toJSON(): LogisticRegressionJSON {
    return {
      kind: 'logistic-regression',
      version: 1,
      featureNames: [...this.featureNames],
      intercept: this.intercept,
      coefficients: Array.from(this.coefficients),
      options: { ...this.options },
      training: { ...this.training },
    };
  }
}

export function sigmoid(eta: number): number {
  if (eta >= 0) return 1 / (1 + Math.exp(-eta));
  const e = Math.exp(eta);
  return e / (1 + e);
}

/** Four running sums: one sum would wait on the previous addition at every element. */
function dot(x: Float64Array, y: Float64Array, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += x[i] * y[i];
    s1 += x[i + 1] * y[i + 1];
    s2 += x[i + 2] * y[i + 2];
    s3 += x[i + 3] * y[i + 3];
  }
  for (; i < n; i++) s0 += x[i] * y[i];
  return s0 + s1 + (s2 + s3);
}

/** log(1 + e^η) without overflow. */
function softplus(eta: number): number {
  return eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
}

/** Weights are [intercept, β1..βp]; the intercept is column 0 of an implicit all-ones column. */
function newton(matrix: DesignMatrix, labels: Uint8Array, options: ResolvedLogisticRegressionOptions): { weights: Float64Array; report: LogisticTrainingReport } {
  const { nRows, nFeatures, values } = matrix;
  const p = nFeatures + 1;
  const { l2 } = options;
  let weights = new Float64Array(p);
  // Start from the base rate: the intercept-only solution, so the first step is already sensible.
  let positives = 0;
  for (let i = 0; i < nRows; i++) positives += labels[i];
  const rate = Math.min(1 - 1e-6, Math.max(1e-6, positives / nRows));
  weights[0] = Math.log(rate / (1 - rate));

  const eta = new Float64Array(nRows);
  const linear = (w: Float64Array) => {
    for (let i = 0; i < nRows; i++) {
      let sum = w[0];
      const base = i * nFeatures;
      for (let j = 0; j < nFeatures; j++) sum += values[base + j] * w[j + 1];
      eta[i] = sum;
    }
  };
  const objectiveAt = (w: Float64Array) => {
    linear(w);
    let total = 0;
    for (let i = 0; i < nRows; i++) total += softplus(eta[i]) - labels[i] * eta[i];
    let penalty = 0;
    for (let j = 1; j < p; j++) penalty += w[j] * w[j];
    return total + (l2 / 2) * penalty;
  };

  let objective = objectiveAt(weights);
  // Column-major copy with the intercept's column of ones first: the Hessian is then p(p+1)/2 dot
  // products of contiguous columns, which run several times faster than row-by-row updates.
  const columns = new Float64Array(p * nRows);
  columns.fill(1, 0, nRows);
  for (let i = 0; i < nRows; i++) for (let j = 0; j < nFeatures; j++) columns[(j + 1) * nRows + i] = values[i * nFeatures + j];
  const gradient = new Float64Array(p);
  const hessian = new Float64Array(p * p);
  const residuals = new Float64Array(nRows);
  const curvature = new Float64Array(nRows);
  const weightedColumn = new Float64Array(nRows);
  let iterations = 0;
  let converged = false;
  while (iterations < options.maxIterations) {
    // eta holds the linear scores of `weights` (objectiveAt ran last on them).
    for (let i = 0; i < nRows; i++) {
      const prob = sigmoid(eta[i]);
      residuals[i] = prob - labels[i];
      curvature[i] = prob * (1 - prob);
    }
    for (let a = 0; a < p; a++) {
      const column = columns.subarray(a * nRows, (a + 1) * nRows);
      gradient[a] = dot(residuals, column, nRows);
      for (let i = 0; i < nRows; i++) weightedColumn[i] = curvature[i] * column[i];
      for (let b = 0; b <= a; b++) hessian[a * p + b] = dot(weightedColumn, columns.subarray(b * nRows, (b + 1) * nRows), nRows);
    }
    for (let a = 1; a < p; a++) {
      gradient[a] += l2 * weights[a];
      hessian[a * p + a] += l2;
    }
    for (let a = 0; a < p; a++) for (let b = a + 1; b < p; b++) hessian[a * p + b] = hessian[b * p + a];

    const step = solveWithJitter(hessian, gradient, p);
    let decrement = 0;
    for (let a = 0; a < p; a++) decrement += step[a] * gradient[a];
    if (decrement <= 0) {
      converged = true; // already at the optimum to machine precision
      break;
    }
    iterations++;
    // Backtracking: halve the Newton step until the objective drops enough (Armijo, c = 1e-4).
    // Near the optimum the predicted decrease is below the rounding of the objective itself, so
    // the comparison means nothing there; the full Newton step is then taken as it is.
    const nearOptimum = decrement / 2 <= 1e-8 * Math.max(1, Math.abs(objective));
    let scale = 1;
    let candidate = weights;
    let candidateObjective = objective;
    for (let halving = 0; halving < 40; halving++) {
      candidate = weights.map((w, a) => w - scale * step[a]);
      candidateObjective = objectiveAt(candidate);
      if (nearOptimum || candidateObjective <= objective - 1e-4 * scale * decrement) break;
      scale /= 2;
    }
    if (!nearOptimum && !(candidateObjective < objective)) {
      // No progress is possible at this precision: the current weights are the optimum we can reach.
      linear(weights);
      converged = decrement / 2 <= Math.max(options.tolerance, 1e-12 * Math.abs(objective));
      break;
    }
    weights = candidate;
    objective = candidateObjective;
    // Newton converges quadratically: once the predicted decrease is this small, the step just
    // taken has brought the weights to the optimum up to rounding.
    if (decrement / 2 <= options.tolerance) {
      converged = true;
      break;
    }
  }
  linear(weights);
  let gradientMaxAbs = 0;
  const finalGradient = new Float64Array(p);
  for (let i = 0; i < nRows; i++) {
    const residual = sigmoid(eta[i]) - labels[i];
    finalGradient[0] += residual;
    for (let j = 0; j < nFeatures; j++) finalGradient[j + 1] += residual * values[i * nFeatures + j];
  }
  for (let a = 0; a < p; a++) gradientMaxAbs = Math.max(gradientMaxAbs, Math.abs(finalGradient[a] + (a > 0 ? l2 * weights[a] : 0)));
  return { weights, report: { iterations, converged, objective, gradientMaxAbs } };
}

/** With λ = 0 and collinear one-hot columns the Hessian is singular; a tiny ridge picks one solution. */
function solveWithJitter(hessian: Float64Array, gradient: Float64Array, p: number): Float64Array {
  const direct = solveSymmetricPositiveDefinite(hessian, gradient, p);
  if (direct) return direct;
  let trace = 0;
  for (let a = 0; a < p; a++) trace += hessian[a * p + a];
  for (let jitter = 1e-10; jitter <= 1e-2; jitter *= 10) {
    const damped = hessian.slice();
    for (let a = 0; a < p; a++) damped[a * p + a] += (jitter * trace) / p;
    const solved = solveSymmetricPositiveDefinite(damped, gradient, p);
    if (solved) return solved;
  }
  throw new Error('logistic regression: the Hessian is not positive definite even with damping; the features may contain huge values — standardize them');
}
