import { createDesignMatrix, designMatrixFromRows, selectLabels, selectRows } from './design-matrix';
import { countClasses, encodeBinaryLabels } from './labels';

describe('encodeBinaryLabels', () => {
  it('understands yes/no, true/false and 1/0 in any case', () => {
    expect(Array.from(encodeBinaryLabels(['Yes', 'no', true, false, 1, 0, ' TRUE ', '0']))).toEqual([1, 0, 1, 0, 1, 0, 1, 0]);
  });

  it('uses positiveValue when given', () => {
    expect(Array.from(encodeBinaryLabels(['Churned', 'Active', 'Paused'], { positiveValue: 'Churned' }))).toEqual([1, 0, 0]);
  });

  it('names the row of a blank or unknown label', () => {
    expect(() => encodeBinaryLabels(['Yes', ''], { column: 'Churn' })).toThrow('label column "Churn" is blank in row 1');
    expect(() => encodeBinaryLabels(['Yes', 'maybe'], { column: 'Churn' })).toThrow('label column "Churn" in row 1 is "maybe"');
  });

  it('counts the classes', () => {
    expect(countClasses(Uint8Array.from([1, 0, 0, 1, 1]))).toEqual({ positive: 3, negative: 2 });
  });
});

describe('design matrix helpers', () => {
  it('checks shape, names and values up front', () => {
    expect(() => createDesignMatrix(new Float64Array(5), 2, ['a', 'b'])).toThrow('a 2 x 2 matrix needs 4 values, got 5');
    expect(() => createDesignMatrix(new Float64Array(2), 1, ['a', 'a'])).toThrow('feature name "a" appears twice');
    expect(() => designMatrixFromRows([[1, NaN]], ['a', 'b'])).toThrow('feature "b" in row 0 is NaN');
  });

  it('selects rows and labels in the given order', () => {
    const matrix = designMatrixFromRows([[1, 2], [3, 4], [5, 6]]);
    expect(Array.from(selectRows(matrix, [2, 0]).values)).toEqual([5, 6, 1, 2]);
    expect(Array.from(selectLabels(Uint8Array.from([0, 1, 1]), [2, 0]))).toEqual([1, 0]);
    expect(() => selectRows(matrix, [3])).toThrow('row index 3 is outside 0..2');
  });
});
