import { RawRow } from '../dataset/raw-table';
import { createRandom } from '../random';
import { loadTelco } from '../testing/telco';
import { ChurnModel, ChurnModelJSON } from './churn-model';
import { trainChurnModel } from './train-churn-model';

function syntheticTable(churned: number, retained: number): RawRow[] {
  const random = createRandom(1);
  return Array.from({ length: churned + retained }, (_, i) => ({ id: `c${i}`, plan: random.next() < 0.5 ? 'pro' : 'basic', spend: random.next() * 100, churned: i < churned ? 'yes' : 'no' }));
}

function sameBits(a: Float64Array, b: Float64Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
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

describe('trainChurnModel on Telco (stratified 80/20, seed 42)', () => {
  const telco = loadTelco();
  const base = { label: telco.label, numericColumns: telco.numericColumns, categoricalColumns: telco.categoricalColumns, seed: 42, importanceRepeats: 3 };

  describe.each([
    // measured: logistic 0.856, forest 0.852; issue floors 0.83 and 0.82, published 0.83–0.86
    { kind: 'logistic' as const, minimumAuc: 0.85 },
    { kind: 'forest' as const, minimumAuc: 0.84 },
  ])('$kind', ({ kind, minimumAuc }) => {
    const result = trainChurnModel(telco.rows, { ...base, kind });

    it(`reaches a held-out ROC AUC of at least ${minimumAuc}, with every metric reported`, () => {
      const { metrics } = result;
      expect(metrics.rocAuc).toBeGreaterThanOrEqual(minimumAuc);
      expect(metrics.count).toBe(1409);
      expect(metrics.positives).toBe(374);
      expect(metrics.averagePrecision).toBeGreaterThan(0.6);
      expect(metrics.logLoss).toBeLessThan(0.45);
      expect(metrics.brierScore).toBeLessThan(0.15);
      expect(metrics.accuracy).toBeGreaterThan(0.78);
      const { truePositives, falsePositives, trueNegatives, falseNegatives } = metrics.confusion;
      expect(truePositives + falsePositives + trueNegatives + falseNegatives).toBe(1409);
      expect(metrics.calibration).toHaveLength(10);
      // calibrated enough that the riskiest decile churns far more than the safest
      expect(metrics.calibration[9].observedRate).toBeGreaterThan(0.6);
      expect(metrics.calibration[0].observedRate).toBeLessThan(0.05);
    });

    it('reports the ROC curve, importances per original column and the parameters used', () => {
      expect(result.roc.length).toBeGreaterThan(10);
      expect(result.roc.length).toBeLessThanOrEqual(200);
      expect(result.importances).toHaveLength(19);
      // contract type and tenure lead in every published analysis of this data set
      const top = result.importances.slice(0, 4).map((importance) => importance.name);
      expect(top.some((name) => name === 'Contract' || name === 'tenure')).toBe(true);
      expect(result.importances.find((importance) => importance.name === 'Contract')?.features).toEqual(['Contract=Month-to-month', 'Contract=One year', 'Contract=Two year']);
      expect(result.parameters).toMatchObject({ kind, seed: 42, testFraction: 0.2, standardize: kind === 'logistic', rows: { train: 5634, test: 1409, trainChurned: 1495, testChurned: 374 } });
      expect(result.parameters.featureNames).toHaveLength(45);
      if (kind === 'logistic') expect(result.fit).toMatchObject({ converged: true });
      else expect(result.fit).toMatchObject({ trees: 100 });
    });

    it('scores all 7,043 customers bit-for-bit the same after JSON text → load', () => {
      const json = JSON.parse(JSON.stringify(result.model.toJSON())) as ChurnModelJSON;
      const loaded = ChurnModel.load(json);
      expect(sameBits(loaded.predictProba(telco.rows), result.model.predictProba(telco.rows))).toBe(true);
    });

    it('scores a customer with a payment method never seen in training', () => {
      const customer = { ...telco.rows[0], PaymentMethod: 'Crypto' };
      const [p] = result.model.predictProba([customer]);
      expect(p).toBeGreaterThan(0);
      expect(p).toBeLessThan(1);
    });
  });

  it('is deterministic for a seed', () => {
    const options = { ...base, kind: 'forest' as const, importanceRepeats: 0, forest: { nEstimators: 20 } };
    const a = trainChurnModel(telco.rows, options);
    const b = trainChurnModel(telco.rows, options);
    expect(JSON.stringify(b.model)).toBe(JSON.stringify(a.model));
    expect(b.metrics).toEqual(a.metrics);
  });
});
