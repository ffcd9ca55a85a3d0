import { RawRow } from '../dataset/raw-table';
import { columnTable } from '../dataset/training-table';
import { createRandom } from '../random';
import { trainChurnModel } from './train-churn-model';

function syntheticTable(churned: number, retained: number): RawRow[] {
  const random = createRandom(1);
  return Array.from({ length: churned + retained }, (_, i) => ({ id: `c${i}`, plan: random.next() < 0.5 ? 'pro' : 'basic', spend: random.next() * 100, churned: i < churned ? 'yes' : 'no' }));
}

describe('trainChurnModel input checks', () => {
  const columns = { label: 'churned', numericColumns: ['spend'], categoricalColumns: ['plan'] };

  it('names the class counts when there are too few churned or retained customers', () => {
    expect(() => trainChurnModel(syntheticTable(12, 3410), columns)).toThrow(/^needs at least 50 churned and 50 retained customers; found 12 churned and 3,410 retained$/);
    expect(() => trainChurnModel(syntheticTable(0, 120), columns)).toThrow('found 0 churned and 120 retained');
    expect(() => trainChurnModel(syntheticTable(60, 40), { ...columns, minimumPerClass: 50 })).toThrow('found 60 churned and 40 retained');
  });

  it('rejects unknown feature columns by name', () => {
    expect(() => trainChurnModel(syntheticTable(60, 60), { ...columns, numericColumns: ['spend', 'age'], categoricalColumns: ['plan', 'country'] })).toThrow(/^unknown feature columns: age, country$/);
  });

  it('rejects a missing label column, the label used as a feature, no features and an empty table', () => {
    expect(() => trainChurnModel(syntheticTable(60, 60), { ...columns, label: 'Churn' })).toThrow('label column "Churn" is not in the table');
    expect(() => trainChurnModel(syntheticTable(60, 60), { ...columns, categoricalColumns: ['plan', 'churned'] })).toThrow('the label column "churned" cannot also be a feature');
    expect(() => trainChurnModel(syntheticTable(60, 60), { label: 'churned' })).toThrow('name the feature columns');
    expect(() => trainChurnModel([], columns)).toThrow('the customer table is empty');
    expect(() => trainChurnModel(syntheticTable(60, 60), { ...columns, kind: 'svm' as never })).toThrow("kind must be 'forest' or 'logistic'");
  });

  it('names the row of a label it cannot read', () => {
    const table = syntheticTable(60, 60).map((row, i) => (i === 7 ? { ...row, churned: 'perhaps' } : row));
    expect(() => trainChurnModel(table, columns)).toThrow('label column "churned" in row 7 is "perhaps"');
  });
});

describe('trainChurnModel on a large table', () => {
  it('fits on a stratified sample of at most maxTrainingRows and reshuffles at most maxImportanceRows, evaluating on every held-out row', () => {
    const random = createRandom(5);
    // churn is likelier with low spend, so the model has something to learn
    const table: RawRow[] = Array.from({ length: 5000 }, () => {
      const spend = random.next() * 100;
      return { spend, noise: random.next(), churned: random.next() < 0.8 - spend / 150 ? 'yes' : 'no' };
    });
    const options = { label: 'churned', numericColumns: ['spend', 'noise'], kind: 'forest' as const, forest: { nEstimators: 20 }, importanceRepeats: 2 };
    const sampled = trainChurnModel(table, { ...options, maxTrainingRows: 1000, maxImportanceRows: 300 });
    const { rows } = sampled.parameters;
    expect(rows.train + rows.test).toBe(5000);
    expect(rows.fitted).toBe(1000);
    expect(rows.importance).toBe(300);
    expect(sampled.metrics.confusion.truePositives + sampled.metrics.confusion.falseNegatives).toBe(rows.testChurned);
    expect(sampled.metrics.rocAuc).toBeGreaterThan(0.65);
    expect(sampled.importances[0].name).toBe('spend');
    const full = trainChurnModel(table, options);
    expect(full.parameters.rows.fitted).toBe(full.parameters.rows.train);
    expect(full.parameters.rows.importance).toBe(full.parameters.rows.test);
    expect(Math.abs(full.metrics.rocAuc - sampled.metrics.rocAuc)).toBeLessThan(0.05);
  });
});

describe('trainChurnModel on typed columns', () => {
  const random = createRandom(8);
  const n = 3000;
  const spend = Float64Array.from({ length: n }, () => random.next() * 100);
  const visits = Float64Array.from({ length: n }, () => Math.floor(random.next() * 12));
  const churned = Float64Array.from(spend, (s, i) => (random.next() < 0.85 - s / 150 - visits[i] / 40 ? 1 : 0));
  const rows: RawRow[] = Array.from({ length: n }, (_, i) => ({ spend: spend[i], visits: visits[i], churned: churned[i] }));
  const table = columnTable({ spend, visits, churned }, n);

  it.each(['forest', 'logistic'] as const)('gives the %s model, metrics and importances the same rows as objects give', (kind) => {
    const options = { label: 'churned', numericColumns: ['spend', 'visits'], kind, forest: { nEstimators: 15 }, importanceRepeats: 2, maxTrainingRows: 2000, maxImportanceRows: 400 };
    const fromColumns = trainChurnModel(table, options);
    const fromRows = trainChurnModel(rows, options);
    const { trainingMilliseconds: _a, ...columnsResult } = fromColumns;
    const { trainingMilliseconds: _b, ...rowsResult } = fromRows;
    expect(JSON.stringify({ ...columnsResult, model: fromColumns.model.toJSON() })).toBe(JSON.stringify({ ...rowsResult, model: fromRows.model.toJSON() }));
    expect(fromColumns.model.predictProba(table)).toEqual(fromRows.model.predictProba(rows));
  });

  it('refuses categorical columns, unknown columns and a non-finite value, naming them', () => {
    expect(() => trainChurnModel(table, { label: 'churned', numericColumns: ['spend'], categoricalColumns: ['visits'] })).toThrow('categorical columns (visits) need row objects');
    expect(() => trainChurnModel(table, { label: 'churned', numericColumns: ['spend', 'age'] })).toThrow('unknown feature columns: age');
    const broken = Float64Array.from(spend);
    broken[4] = NaN;
    expect(() => trainChurnModel(columnTable({ spend: broken, visits, churned }, n), { label: 'churned', numericColumns: ['spend'], maxTrainingRows: n })).toThrow(/spend.*row 4|row 4.*spend/);
    expect(() => columnTable({ spend, visits: visits.subarray(1) }, n)).toThrow('column "visits" needs 3000 values');
  });
});
