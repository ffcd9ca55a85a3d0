import { designMatrixFromRows } from '../dataset/design-matrix';
import { createRandom } from '../random';
import { LogisticRegression, sigmoid } from './logistic';

describe('LogisticRegression', () => {
  it('finds the closed-form maximum-likelihood solution of a two-group example', () => {
    // x = 0: 1 of 4 churn → intercept logit(¼) = −ln 3; x = 1: 3 of 4 → slope logit(¾) − logit(¼) = 2 ln 3
    const matrix = designMatrixFromRows([[0], [0], [0], [0], [1], [1], [1], [1]]);
    const labels = Uint8Array.from([1, 0, 0, 0, 1, 1, 1, 0]);
    const model = LogisticRegression.fit(matrix, labels, { l2: 0 });
    expect(model.intercept).toBeCloseTo(-Math.log(3), 8);
    expect(model.coefficients[0]).toBeCloseTo(2 * Math.log(3), 8);
    expect(model.training.converged).toBe(true);
    expect(Array.from(model.predictProba(designMatrixFromRows([[0], [1]])))).toEqual([expect.closeTo(0.25, 8), expect.closeTo(0.75, 8)]);
  });

  it('penalizes the coefficients but not the intercept (gradient zero, predicted mean = base rate)', () => {
    const random = createRandom(9);
    const rows = Array.from({ length: 400 }, () => [random.next() * 2 - 1, random.next() * 2 - 1, random.next() < 0.5 ? 1 : 0]);
    const labels = Uint8Array.from(rows, ([a, b, c]) => (random.next() < sigmoid(-1 + 2 * a - b + 0.5 * c) ? 1 : 0));
    const matrix = designMatrixFromRows(rows);
    const l2 = 5;
    const model = LogisticRegression.fit(matrix, labels, { l2 });
    const probabilities = model.predictProba(matrix);
    let residualSum = 0;
    const gradient = [0, 0, 0];
    for (let i = 0; i < rows.length; i++) {
      const residual = probabilities[i] - labels[i];
      residualSum += residual;
      for (let j = 0; j < 3; j++) gradient[j] += residual * rows[i][j];
    }
    expect(Math.abs(residualSum)).toBeLessThan(1e-8);
    for (let j = 0; j < 3; j++) expect(Math.abs(gradient[j] + l2 * model.coefficients[j])).toBeLessThan(1e-8);
    // the penalty shrinks the slopes towards 0 compared with the unpenalized fit
    const free = LogisticRegression.fit(matrix, labels, { l2: 0 });
    expect(Math.abs(model.coefficients[0])).toBeLessThan(Math.abs(free.coefficients[0]));
  });

  it('copes with perfectly collinear one-hot columns (both levels of a flag) even without a penalty', () => {
    const matrix = designMatrixFromRows([[1, 0], [1, 0], [0, 1], [0, 1], [1, 0], [0, 1]], ['flag=yes', 'flag=no']);
    const labels = Uint8Array.from([1, 0, 0, 0, 1, 1]);
    const model = LogisticRegression.fit(matrix, labels, { l2: 0 });
    const p = model.predictProba(matrix);
    expect(p[0]).toBeCloseTo(2 / 3, 6);
    expect(p[2]).toBeCloseTo(1 / 3, 6);
  });

  it('predicts bit-for-bit the same after JSON text → load', () => {
    const random = createRandom(12);
    const rows = Array.from({ length: 200 }, () => [random.next(), random.next() * 10 - 5]);
    const labels = Uint8Array.from(rows, ([a, b]) => (random.next() < sigmoid(a - 0.3 * b) ? 1 : 0));
    const matrix = designMatrixFromRows(rows);
    const model = LogisticRegression.fit(matrix, labels);
    const loaded = LogisticRegression.load(JSON.parse(JSON.stringify(model)));
    expect(loaded.training).toEqual(model.training);
    expect(Buffer.from(loaded.predictProba(matrix).buffer).equals(Buffer.from(model.predictProba(matrix).buffer))).toBe(true);
  });

  it('checks options and inputs up front', () => {
    const matrix = designMatrixFromRows([[0], [1]]);
    expect(() => LogisticRegression.fit(matrix, Uint8Array.from([0, 1]), { l2: -1 })).toThrow('l2 must be a number in [0,');
    expect(() => LogisticRegression.fit(matrix, Uint8Array.from([0, 2]))).toThrow('label in row 1 is 2');
    expect(() => LogisticRegression.fit(designMatrixFromRows([[0]]), Uint8Array.from([0]))).toThrow('needs at least 2 rows');
  });
});
