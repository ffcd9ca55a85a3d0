import { compileCondition } from '@retain/rules';
import { projectFacts, rowToFacts } from './fact-projection';

describe('fact projection', () => {
  it('selects only the facts a segment reads, with attribute keys as parameters', () => {
    const projection = projectFacts(['country', 'attributes.Contract', 'features.recencyDays', 'rfm.segment', 'scores.churn', 'segments', 'features.shoeSize'], 3);
    expect(projection.columns).toEqual(['country', 'attributes.Contract', 'features.recencyDays', 'rfm.segment']);
    expect(projection.selectList).toBe(', c.country AS f0, c.attributes -> $3 AS f1, f.recency_days AS f2, f.rfm_segment AS f3');
    expect(projection.params).toEqual(['Contract']);
    expect(projection).toMatchObject({ joinsFacts: true, scores: ['churn'], segments: true });
    expect(projectFacts(['plan'], 2)).toMatchObject({ joinsFacts: false, scores: [], segments: false, params: [] });
  });

  it('builds the flat facts object; SQL NULL is a missing fact, as json-rules-engine sees undefined', () => {
    const columns = ['country', 'features.recencyDays', 'signupAt'];
    const signupAt = new Date('2024-01-01T00:00:00Z');
    const facts = rowToFacts({ id: 7, f0: null, f1: 120, f2: signupAt }, columns, new Map([['churn', { score: 0.8, modelVersionId: 3 }]]), ['1', '4']);
    expect(facts).toEqual({ id: 7, 'features.recencyDays': 120, signupAt, 'scores.churn': 0.8, 'modelVersion.churn': 3, segments: ['1', '4'] });
    const notFrance = compileCondition({ all: [{ fact: 'country', operator: 'notEqual', value: 'France' }] }, { now: new Date() });
    expect(notFrance(facts)).toBe(true);
    const risky = compileCondition({ all: [{ fact: 'scores.churn', operator: 'greaterThanInclusive', value: 0.7 }] }, { now: new Date() });
    expect(risky(facts)).toBe(true);
    expect(risky(rowToFacts({ id: 8 }, columns))).toBe(false);
  });
});
