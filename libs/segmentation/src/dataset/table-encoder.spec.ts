import { TableEncoder } from './table-encoder';

const rows = [
  { plan: 'pro', region: 'EU', spend: '12.5', tenure: 3 },
  { plan: 'basic', region: 'US', spend: 40, tenure: 10 },
  { plan: 'pro', region: 'EU', spend: ' 7 ', tenure: 0 },
];
const columns = { numericColumns: ['spend', 'tenure'], categoricalColumns: ['plan', 'region'] };

describe('TableEncoder', () => {
  it('puts numeric columns first, then one column per category in sorted order', () => {
    const encoder = TableEncoder.fit(rows, columns);
    expect(encoder.featureNames).toEqual(['spend', 'tenure', 'plan=basic', 'plan=pro', 'region=EU', 'region=US']);
    const matrix = encoder.transform(rows);
    expect(matrix.nRows).toBe(3);
    expect(matrix.nFeatures).toBe(6);
    expect(Array.from(matrix.values)).toEqual([12.5, 3, 0, 1, 1, 0, 40, 10, 1, 0, 0, 1, 7, 0, 0, 1, 1, 0]);
  });

  it('encodes unseen categories and blank cells as all zeros', () => {
    const encoder = TableEncoder.fit(rows, columns);
    const matrix = encoder.transform([
      { plan: 'enterprise', region: 'EU', spend: 1, tenure: 1 },
      { plan: null, region: '  ', spend: 2, tenure: 2 },
      { spend: 3, tenure: 3 },
    ]);
    expect(Array.from(matrix.values)).toEqual([1, 1, 0, 0, 1, 0, 2, 2, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0]);
  });

  it('names the column and row of a value that is not a number', () => {
    const encoder = TableEncoder.fit(rows, columns);
    expect(() => encoder.transform([{ plan: 'pro', region: 'EU', spend: 'n/a', tenure: 1 }])).toThrow('column "spend" in row 0 is "n/a", not a number');
    expect(() => TableEncoder.fit([...rows, { plan: 'pro', region: 'EU', spend: ' ', tenure: 1 }], columns)).toThrow('column "spend" in row 3 is " ", not a number');
  });

  it('rejects unknown columns by name, duplicate columns and empty lists', () => {
    expect(() => TableEncoder.fit(rows, { numericColumns: ['spend', 'age'], categoricalColumns: ['plan', 'colour'] })).toThrow(/^unknown columns: age, colour; the table has plan, region, spend, tenure$/);
    expect(() => TableEncoder.fit(rows, { numericColumns: ['spend'], categoricalColumns: ['spend'] })).toThrow('column "spend" is listed twice');
    expect(() => TableEncoder.fit(rows, {})).toThrow('name at least one numeric or categorical column');
    expect(() => TableEncoder.fit([], columns)).toThrow('empty table');
  });

  it('groups the one-hot features of each original column', () => {
    expect(TableEncoder.fit(rows, columns).columnGroups()).toEqual([
      { column: 'spend', features: [0] },
      { column: 'tenure', features: [1] },
      { column: 'plan', features: [2, 3] },
      { column: 'region', features: [4, 5] },
    ]);
  });

  it('round-trips through JSON and encodes identically after load', () => {
    const encoder = TableEncoder.fit(rows, columns);
    const loaded = TableEncoder.load(JSON.parse(JSON.stringify(encoder)));
    expect(loaded.featureNames).toEqual(encoder.featureNames);
    expect(loaded.transform(rows).values).toEqual(encoder.transform(rows).values);
    expect(() => TableEncoder.load({ kind: 'standardizer' } as never)).toThrow('not a serialized table encoder');
  });

  it('builds the same matrix from typed numeric columns as from rows, and refuses categorical encoders', () => {
    const numeric = TableEncoder.fit(rows, { numericColumns: ['tenure', 'spend'] });
    const fromColumns = numeric.transformColumns({ spend: Float64Array.of(12.5, 40, 7), tenure: Int32Array.of(3, 10, 0), unused: [1, 2, 3] }, 3);
    expect(fromColumns).toEqual(numeric.transform(rows));
    expect(() => numeric.transformColumns({ spend: [1, 2, 3], tenure: [1, NaN, 3] }, 3)).toThrow('column "tenure" in row 1 is null, not a number');
    expect(() => numeric.transformColumns({ spend: [1, 2] }, 3)).toThrow('column "tenure" needs 3 values, got none');
    expect(() => TableEncoder.fit(rows, columns).transformColumns({}, 0)).toThrow('numeric columns only');
  });
});

