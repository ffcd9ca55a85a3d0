import { DesignMatrix, designMatrixFromRows } from '../dataset/design-matrix';
import { createRandom } from '../random';
import { permutationImportance } from './permutation-importance';

describe('permutationImportance', () => {
  const random = createRandom(4);
  const rows = Array.from({ length: 300 }, () => [random.next(), random.next(), random.next() < 0.5 ? 1 : 0, 0]);
  rows.forEach((row) => (row[3] = 1 - row[2])); // a one-hot pair: colour=red / colour=blue
  const labels = Uint8Array.from(rows, (row) => (random.next() < 0.2 + 0.6 * row[0] ? 1 : 0));
  const matrix = designMatrixFromRows(rows, ['usage', 'noise', 'colour=red', 'colour=blue']);
  // a "model" that only looks at usage
  const usageOnly = (m: DesignMatrix) => Float64Array.from({ length: m.nRows }, (_, i) => m.values[i * m.nFeatures]);

  it('finds the one feature the model uses; unused features lose exactly nothing', () => {
    const result = permutationImportance(usageOnly, matrix, labels, { repeats: 3, seed: 1 });
    expect(result.importances[0].name).toBe('usage');
    expect(result.importances[0].meanAucDrop).toBeGreaterThan(0.15);
    for (const other of result.importances.slice(1)) expect(other).toMatchObject({ meanAucDrop: 0, stdAucDrop: 0 });
  });

  it('shuffles a group of one-hot columns together, under the group name', () => {
    const groups = [{ column: 'usage', features: [0] }, { column: 'noise', features: [1] }, { column: 'colour', features: [2, 3] }];
    const byColour = (m: DesignMatrix) => Float64Array.from({ length: m.nRows }, (_, i) => m.values[i * 4 + 2] - m.values[i * 4 + 3] + m.values[i * 4]);
    const result = permutationImportance(byColour, matrix, labels, { groups, repeats: 2, seed: 1 });
    expect(result.importances.map((importance) => importance.name).sort()).toEqual(['colour', 'noise', 'usage']);
    expect(result.importances.find((importance) => importance.name === 'colour')?.features).toEqual(['colour=red', 'colour=blue']);
  });

  it('is deterministic for a seed and leaves the input untouched', () => {
    const before = matrix.values.slice();
    const a = permutationImportance(usageOnly, matrix, labels, { seed: 3 });
    const b = permutationImportance(usageOnly, matrix, labels, { seed: 3 });
    expect(b).toEqual(a);
    expect(matrix.values).toEqual(before);
    expect(() => permutationImportance(usageOnly, matrix, labels, { repeats: 0 })).toThrow('repeats must be an integer');
  });
});
