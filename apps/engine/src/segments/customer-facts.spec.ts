import { compileCondition } from '@retain/rules';
import { buildCustomerFacts } from './customer-facts';

describe('buildCustomerFacts', () => {
  it('flattens columns, attributes, features, RFM, cluster, scores and segments under catalogue names', () => {
    const signupAt = new Date('2024-01-01T00:00:00Z');
    const facts = buildCustomerFacts(
      {
        id: 7, country: 'France', city: null, age: 40, emailConsent: false, signupAt, attributes: { Contract: 'Two year', nested: { a: 1 } },
        features: { recencyDays: 12, monetary: 99.5 }, recencyScore: 4, frequencyScore: 3, monetaryScore: 5, rfmSegment: 'Loyal', cluster: 2, clusterLabel: 'high spend',
      },
      new Map([['churn', { score: 0.8, modelVersionId: 3 }]]),
      ['1', '4'],
    );
    expect(facts).toEqual({
      id: 7, country: 'France', age: 40, emailConsent: false, signupAt, attributes: { Contract: 'Two year', nested: { a: 1 } }, 'attributes.Contract': 'Two year', 'attributes.nested': { a: 1 },
      'features.recencyDays': 12, 'features.monetary': 99.5, 'rfm.recency': 4, 'rfm.frequency': 3, 'rfm.monetary': 5, 'rfm.segment': 'Loyal', cluster: 2, clusterLabel: 'high spend',
      'scores.churn': 0.8, segments: ['1', '4'],
    });
  });

  it('leaves missing data missing, so rules behave as json-rules-engine does with undefined facts', () => {
    const facts = buildCustomerFacts({ id: 1, country: null, attributes: null, features: null });
    expect(facts).toEqual({ id: 1 });
    const notFrance = compileCondition({ all: [{ fact: 'country', operator: 'notEqual', value: 'France' }] }, { now: new Date() });
    expect(notFrance(facts)).toBe(true);
    const risky = compileCondition({ all: [{ fact: 'scores.churn', operator: 'greaterThanInclusive', value: 0.7 }] }, { now: new Date() });
    expect(risky(facts)).toBe(false);
  });
});
