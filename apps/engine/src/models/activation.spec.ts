import { decideActivation } from './activation';
import { categoryChurnRates, categoryReasons, featureDirections } from './churn-reasons';

describe('decideActivation', () => {
  const candidates = [
    { modelVersionId: 1, algorithm: 'logistic', auc: 0.84 },
    { modelVersionId: 2, algorithm: 'forest', auc: 0.83 },
  ];

  it('activates the better candidate when there is no active model', () => {
    expect(decideActivation(candidates, null)).toEqual({ activate: candidates[0], reason: 'logistic has held-out ROC AUC 0.840 (beat forest 0.830); there was no active model' });
  });

  it('replaces the active model only when strictly better', () => {
    expect(decideActivation(candidates, { modelVersionId: 9, auc: 0.8, sameRows: true }).activate).toBe(candidates[0]);
    const same = decideActivation(candidates, { modelVersionId: 9, auc: 0.84, sameRows: true });
    expect(same.activate).toBeNull();
    expect(same.reason).toContain("does not beat the active model's 0.840 on the same held-out rows");
    expect(decideActivation([], null).activate).toBeNull();
  });
});

describe('churn reason helpers', () => {
  it('finds which way a feature points', () => {
    expect(featureDirections({ recencyDays: [100, 200, 10, 20], frequency: [1, 1, 9, 8] }, [1, 1, 0, 0])).toEqual({ recencyDays: 1, frequency: -1 });
  });

  it('words a risky category with its churn rate', () => {
    const rows = [{ Contract: 'Month-to-month' }, { Contract: 'Month-to-month' }, { Contract: 'Two year' }, { Contract: 'Two year' }];
    const rates = categoryChurnRates(rows, [1, 0, 0, 0], ['Contract']);
    expect(rates.overall).toBe(0.25);
    const importances = [{ name: 'Contract', features: [], meanAucDrop: 0.1, stdAucDrop: 0 }];
    expect(categoryReasons({ Contract: 'Month-to-month' }, rates, importances).map((r) => r.text)).toEqual(['Contract is Month-to-month: 50 % of such customers churned, 25 % overall']);
    expect(categoryReasons({ Contract: 'Two year' }, rates, importances)).toEqual([]);
  });
});
