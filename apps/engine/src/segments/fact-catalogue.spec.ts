import { checkRuleCondition, FACT_CATALOGUE, findFact, referencedFacts, referencedSegmentIds } from './fact-catalogue';

describe('fact catalogue', () => {
  it('lists customer columns, every pipeline feature, RFM, cluster, scores and segments', () => {
    const names = FACT_CATALOGUE.facts.map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['country', 'age', 'emailConsent', 'signupAt', 'features.recencyDays', 'features.emailEngagement', 'rfm.recency', 'rfm.segment', 'cluster', 'scores.churn', 'segments']));
    expect(findFact('attributes.Contract')).toMatchObject({ group: 'attributes', type: 'any' });
    expect(findFact('attributes.')).toBeUndefined();
    expect(findFact('features.shoeSize')).toBeUndefined();
  });

  it('accepts a valid rule and names unknown facts, misplaced paths and unknown segments', () => {
    const ok = { all: [{ fact: 'features.recencyDays', operator: 'greaterThan', value: 90 }, { fact: 'attributes', path: '$.Contract', operator: 'equal', value: 'x' }, { fact: 'segments', operator: 'inSegment', value: '4' }] };
    expect(checkRuleCondition(ok, new Set([4]))).toEqual([]);
    const bad = {
      any: [
        { fact: 'features.shoeSize', operator: 'greaterThan', value: 1 },
        { not: { fact: 'rfm.recency', path: '$.x', operator: 'equal', value: 1 } },
        { fact: 'segments', operator: 'inSegment', value: '5' },
        { fact: 'country', operator: 'inSegment', value: '4' },
        { fact: 'segments', operator: 'equal', value: 'x' },
      ],
    };
    const problems = checkRuleCondition(bad, new Set([4]));
    expect(problems.map((p) => p.path)).toEqual(['any[0].fact', 'any[1].not.path', 'any[2].value', 'any[3].fact', 'any[4].operator']);
    expect(problems[0].message).toContain('features.shoeSize');
    expect(problems[2].message).toContain('“5”');
  });

  it('keeps the problems of validateCondition (operators, values, root)', () => {
    expect(checkRuleCondition({ all: [{ fact: 'age', operator: 'between', value: [5, 1] }] }, new Set())).toHaveLength(1);
    expect(checkRuleCondition({ fact: 'age', operator: 'equal', value: 1 }, new Set())[0].code).toBe('CONDITION_ROOT');
  });

  it('finds referenced segments (with decorators) and facts', () => {
    const condition = { all: [{ fact: 'segments', operator: 'not:inSegment', value: '7' }, { any: [{ fact: 'segments', operator: 'inSegment', value: '3' }, { fact: 'plan', operator: 'equal', value: 'x' }] }] };
    expect(referencedSegmentIds(condition).sort()).toEqual([3, 7]);
    expect([...referencedFacts(condition)].sort()).toEqual(['plan', 'segments']);
  });
});
