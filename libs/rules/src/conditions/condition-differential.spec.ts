// Property-based differential test: random conditions × random facts, json-rules-engine (the
// reference) and the compiled predicate must always agree.
import fc from 'fast-check';
import { compileCondition, compileConditionAsClosures } from './compile-condition';
import { createEngineEvaluator } from './engine-evaluator';
import { type OperatorValueKind, createOperators } from './operators';
import { validateCondition } from './validate-condition';

const now = new Date('2024-06-01T12:00:00Z');
const operators = createOperators({ now });

const FACT_NAMES = ['tier', 'spend', 'tags', 'segments', 'lastSeenAt', 'profile', 'constructor'];
const PATHS = [undefined, '', '$', '$.city', '$.stats.orders', '$[0]', '$.items[1]', '$.length', '$.city.length', '$.stats'];
const SHARED_SCALARS = ['gold', 'silver', '', '10', ' 7', '12abc', 'Infinity', 'at-risk', 0, 1, 10, -3.5, 1e21, true, false, null];

const scalar = fc.oneof(fc.constantFrom(...SHARED_SCALARS), fc.integer({ min: -50, max: 50 }), fc.string({ maxLength: 4 }));
const number = fc.oneof(fc.constantFrom(0, 1, 10, -3.5, 30, 1e21), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e3, max: 1e3 }));
const dateLike = fc.oneof(
  fc.date({ min: new Date('2023-01-01'), max: new Date('2024-12-31'), noInvalidDate: true }),
  fc.date({ min: new Date('2023-01-01'), max: new Date('2024-12-31'), noInvalidDate: true }).map((date) => date.toISOString()),
  fc.integer({ min: 1.67e12, max: 1.73e12 }),
  fc.constantFrom('soon', '2024-05-31', 'not a date'),
);

const valueFor: Record<OperatorValueKind, fc.Arbitrary<unknown>> = {
  scalar,
  number,
  scalarList: fc.array(scalar, { maxLength: 12 }), // past 8 items `in` uses a Set
  numberRange: fc.tuple(number, number).map(([a, b]) => (a <= b ? [a, b] : [b, a])),
  dayCount: fc.oneof(fc.constantFrom(0, 1, 30, 365), fc.double({ noNaN: true, min: 0, max: 800, noDefaultInfinity: true })),
  text: fc.oneof(fc.constantFrom('g', 'gold', 'at', '1'), fc.string({ minLength: 1, maxLength: 3 })),
  segmentId: fc.constantFrom('at-risk', 'vip', 'gold'),
  boolean: fc.boolean(),
};

const DECORATOR_PREFIXES = ['', '', '', 'not:', 'someFact:', 'everyFact:', 'someValue:', 'everyValue:', 'not:someFact:', 'someFact:not:', 'someValue:everyFact:'];

const leaf = fc
  .record({
    fact: fc.constantFrom(...FACT_NAMES),
    path: fc.constantFrom(...PATHS),
    operatorName: fc.constantFrom(...operators.keys()),
    prefix: fc.constantFrom(...DECORATOR_PREFIXES),
  })
  .chain(({ fact, path, operatorName, prefix }) => {
    const lists = (prefix.match(/someValue|everyValue/g) ?? []).length;
    let value: fc.Arbitrary<unknown> = valueFor[operators.get(operatorName)!.valueKind];
    for (let i = 0; i < lists; i++) value = fc.array(value, { maxLength: 3 });
    return value.map((v) => ({ fact, operator: prefix + operatorName, value: v, ...(path === undefined ? {} : { path }) }));
  });

const condition = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('all'), tie('any'), tie('not')),
  all: fc.array(tie('node'), { maxLength: 4 }).map((all) => ({ all })),
  any: fc.array(tie('node'), { maxLength: 4 }).map((any) => ({ any })),
  not: tie('node').map((not) => ({ not })),
  root: fc.oneof(tie('all'), tie('any'), tie('not')),
})).root;

const wildValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(undefined, null, Number.NaN, -0, Number.POSITIVE_INFINITY),
    scalar,
    number,
    dateLike,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.record({ city: tie('value'), stats: fc.record({ orders: tie('value') }), items: fc.array(tie('value'), { maxLength: 3 }) }, { requiredKeys: [] }),
  ),
})).value;

const facts = fc.dictionary(fc.constantFrom(...FACT_NAMES, 'segments'), wildValue, { maxKeys: 6 }).map((dictionary) => {
  // json-rules-engine builds facts with for...in; fast-check's dictionaries are plain objects
  return { ...dictionary };
});

describe('compiled predicate vs json-rules-engine (property-based)', () => {
  it('generated conditions are valid', () => {
    fc.assert(fc.property(condition, (generated) => validateCondition(generated).length === 0), { numRuns: 300 });
  });

  it('agree on every condition and every customer', async () => {
    await fc.assert(
      fc.asyncProperty(condition, fc.array(facts, { minLength: 1, maxLength: 8 }), async (generated, customers) => {
        // the generated function and the closure tree (its fallback where code generation is refused)
        const compiled = compileCondition(generated, { now });
        const closures = compileConditionAsClosures(generated, { now });
        const reference = createEngineEvaluator(generated, { now });
        for (const customer of customers) {
          const expected = await reference(customer);
          expect(compiled(customer)).toBe(expected);
          expect(closures(customer)).toBe(expected);
        }
      }),
      { numRuns: 400 },
    );
  });
});
