import { compileCondition } from './compile-condition';
import { evaluateConditionWithEngine } from './engine-evaluator';
import { InvalidConditionError } from './invalid-condition-error';

const now = new Date('2024-06-01T00:00:00Z');

async function both(condition: unknown, facts: Record<string, unknown>): Promise<[boolean, boolean]> {
  return [compileCondition(condition, { now })(facts), await evaluateConditionWithEngine(condition, facts, { now })];
}

describe('conditions: compiled predicate and json-rules-engine', () => {
  it.each([
    ['between inclusive', { all: [{ fact: 'age', operator: 'between', value: [18, 65] }] }, { age: 65 }, true],
    ['between outside', { all: [{ fact: 'age', operator: 'between', value: [18, 65] }] }, { age: 66 }, false],
    ['numeric string passes parseFloat and JS coercion', { all: [{ fact: 'spend', operator: 'greaterThan', value: 9 }] }, { spend: '10' }, true],
    ['missing fact is not less than anything', { all: [{ fact: 'spend', operator: 'lessThan', value: 9 }] }, {}, false],
    ['doesNotContain on a non-array is false', { all: [{ fact: 'tags', operator: 'doesNotContain', value: 'vip' }] }, { tags: 'vip' }, false],
    ['in uses indexOf (===)', { all: [{ fact: 'tier', operator: 'in', value: ['gold', 'silver'] }] }, { tier: 'gold' }, true],
    ['notIn on a missing fact is true', { all: [{ fact: 'tier', operator: 'notIn', value: ['gold'] }] }, {}, true],
    ['empty any is true', { any: [] }, {}, true],
    ['not of empty all is false', { not: { all: [] } }, {}, false],
    ['path into an object', { all: [{ fact: 'address', path: '$.city', operator: 'equal', value: 'Lyon' }] }, { address: { city: 'Lyon' } }, true],
    ['path on a primitive returns the primitive', { all: [{ fact: 'city', path: '$.name', operator: 'equal', value: 'Lyon' }] }, { city: 'Lyon' }, true],
    ['path on a string reaches its length', { all: [{ fact: 'o', path: '$.code.length', operator: 'equal', value: 3 }] }, { o: { code: 'abc' } }, true],
    ['no step below a falsy value (jsonpath-plus needs a truthy parent)', { all: [{ fact: 'o', path: '$.code.length', operator: 'exists', value: false }] }, { o: { code: '' } }, true],
    ['NaN is never `in` a list', { all: [{ fact: 'n', operator: 'in', value: [1, 2] }] }, { n: Number.NaN }, false],
    ['-0 is `in` [0]', { all: [{ fact: 'n', operator: 'in', value: [0] }] }, { n: -0 }, true],
    ['daysAgoGreaterThan with an ISO string', { all: [{ fact: 'lastPurchaseAt', operator: 'daysAgoGreaterThan', value: 30 }] }, { lastPurchaseAt: '2024-04-01T00:00:00Z' }, true],
    ['daysAgoLessThan with a Date', { all: [{ fact: 'lastPurchaseAt', operator: 'daysAgoLessThan', value: 30 }] }, { lastPurchaseAt: new Date('2024-05-20T00:00:00Z') }, true],
    ['daysAgo with junk is false', { all: [{ fact: 'lastPurchaseAt', operator: 'daysAgoLessThan', value: 30 }] }, { lastPurchaseAt: 'soon' }, false],
    ['inSegment', { all: [{ fact: 'segments', operator: 'inSegment', value: 'at-risk' }] }, { segments: ['at-risk'] }, true],
    ['notInSegment without a list', { all: [{ fact: 'segments', operator: 'notInSegment', value: 'at-risk' }] }, {}, true],
    ['someFact decorator', { all: [{ fact: 'orders', operator: 'someFact:greaterThan', value: 100 }] }, { orders: [5, 150] }, true],
    ['not decorator on a missing numeric fact', { all: [{ fact: 'x', operator: 'not:lessThan', value: 1 }] }, {}, true],
    ['exists false on null', { all: [{ fact: 'email', operator: 'exists', value: false }] }, { email: null }, true],
    ['a fact named like an Object.prototype member is missing', { all: [{ fact: 'constructor', operator: 'exists', value: true }] }, {}, false],
  ])('%s', async (_name, condition, facts, expected) => {
    expect(await both(condition, facts)).toEqual([expected, expected]);
  });

  it('refuses an invalid condition with the problems listed', () => {
    expect(() => compileCondition({ all: [{ fact: 'age', operator: 'between', value: [1] }] }, { now })).toThrow(InvalidConditionError);
  });
});
