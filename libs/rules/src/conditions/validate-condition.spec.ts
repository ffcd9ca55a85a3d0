import { validateCondition } from './validate-condition';

const problemsOf = (condition: unknown) => validateCondition(condition).map(({ path, code }) => `${code} ${path}`);

describe('validateCondition', () => {
  it('accepts every operator with a fitting value, and decorated operators', () => {
    expect(
      validateCondition({
        all: [
          { fact: 'age', operator: 'between', value: [18, 65] },
          { fact: 'tier', operator: 'in', value: ['gold', 'silver'] },
          { fact: 'lastPurchaseAt', operator: 'daysAgoGreaterThan', value: 30 },
          { fact: 'segments', operator: 'inSegment', value: 'at-risk' },
          { fact: 'email', operator: 'exists', value: true },
          { fact: 'orders', operator: 'someFact:greaterThan', value: 100 },
          { fact: 'tier', operator: 'someValue:equal', value: ['gold', 'silver'] },
          { fact: 'address', path: '$.city', operator: 'startsWith', value: 'Par' },
          { not: { any: [] } },
        ],
      }),
    ).toEqual([]);
  });

  it('reports each problem with where it is', () => {
    expect(
      problemsOf({
        all: [
          { fact: 'age', operator: 'between', value: [65, 18] },
          { fact: 'age', operator: 'between', value: 18 },
          { any: [{ fact: 'tier', operator: 'isOneOf', value: ['gold'] }] },
          { fact: 'tier', operator: 'in', value: 'gold' },
          { fact: '', operator: 'equal', value: 1 },
          { fact: 'x', operator: 'equal' },
          { fact: 'x', operator: 'swap:in', value: 1 },
          { fact: 'x', path: '$..city', operator: 'equal', value: 1 },
          { fact: 'x', operator: 'equal', value: { fact: 'y' } },
          { not: [{ fact: 'x', operator: 'equal', value: 1 }] },
          { all: [], any: [] },
        ],
      }),
    ).toEqual([
      'INVALID_VALUE all[0].value',
      'INVALID_VALUE all[1].value',
      'UNKNOWN_OPERATOR all[2].any[0].operator',
      'INVALID_VALUE all[3].value',
      'MISSING_FACT all[4].fact',
      'INVALID_VALUE all[5].value',
      'UNKNOWN_OPERATOR all[6].operator',
      'UNSUPPORTED_PATH all[7].path',
      'INVALID_VALUE all[8].value',
      'CONDITION_SHAPE all[9].not',
      'CONDITION_SHAPE all[10]',
    ]);
  });

  it('needs a boolean group at the root', () => {
    expect(problemsOf({ fact: 'age', operator: 'equal', value: 3 })).toEqual(['CONDITION_ROOT ']);
    expect(problemsOf(null)).toEqual(['CONDITION_ROOT ']);
  });

  it('explains in words', () => {
    expect(validateCondition({ all: [{ fact: 'age', operator: 'between', value: [65] }] })[0].message).toBe(
      'Rule all[0]: “between” needs two numbers, the lower one first, e.g. [18, 65]; got [65].',
    );
  });
});
