import { designMatrixFromRows } from './design-matrix';
import { Standardizer } from './standardizer';

describe('Standardizer', () => {
  const matrix = designMatrixFromRows([[1, 5, 0], [3, 5, 1], [5, 5, 1], [7, 5, 0]], ['a', 'constant', 'flag']);

  it('centres and scales each feature with the training mean and population standard deviation', () => {
    const standardizer = Standardizer.fit(matrix);
    expect(Array.from(standardizer.means)).toEqual([4, 5, 0.5]);
    expect(standardizer.scales[0]).toBeCloseTo(Math.sqrt(5), 12);
    expect(standardizer.scales[1]).toBe(1); // constant: scale 1, so the feature becomes 0, not NaN
    expect(standardizer.scales[2]).toBe(0.5);
    const scaled = standardizer.transform(matrix);
    expect(Array.from(scaled.values.filter((_, k) => k % 3 === 1))).toEqual([0, 0, 0, 0]);
    expect(Array.from(scaled.values.filter((_, k) => k % 3 === 2))).toEqual([-1, 1, 1, -1]);
  });

  it('round-trips through JSON bit for bit', () => {
    const standardizer = Standardizer.fit(matrix);
    const loaded = Standardizer.load(JSON.parse(JSON.stringify(standardizer)));
    expect(loaded.transform(matrix).values).toEqual(standardizer.transform(matrix).values);
  });

  it('refuses a matrix with other features', () => {
    const standardizer = Standardizer.fit(matrix);
    expect(() => standardizer.transform(designMatrixFromRows([[1, 2]], ['a', 'b']))).toThrow('trained on 3 features, the matrix has 2');
    expect(() => standardizer.transform(designMatrixFromRows([[1, 2, 3]], ['a', 'b', 'c']))).toThrow('feature 1 is "b", expected "constant"');
  });
});
