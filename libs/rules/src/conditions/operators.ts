// Every condition operator, in one place. The json-rules-engine built-ins are restated here with
// exactly the library's code (see node_modules/json-rules-engine/dist/engine-default-operators.js)
// so that the compiled predicate can run them without the engine; ours are registered on the
// engine from this same table (see engine-evaluator.ts). A differential property test keeps both
// paths in agreement.
//
// An operator evaluates as `factValidator(factValue) && compare(factValue, value)`, which is
// json-rules-engine's Operator.evaluate. Operators never throw for a value that passed
// validateCondition, whatever the fact holds.

/** What the condition's `value` must look like for an operator (checked by validateCondition). */
export type OperatorValueKind =
  | 'scalar' // text, number, true/false or null
  | 'number'
  | 'scalarList' // a list of text / numbers / true/false / null
  | 'numberRange' // [low, high]
  | 'dayCount' // a number of days, 0 or more
  | 'text'
  | 'segmentId' // non-empty text
  | 'boolean';

export type OperatorSource = 'json-rules-engine' | 'retain';

export interface OperatorDefinition {
  readonly name: string;
  readonly source: OperatorSource;
  /** Short phrase for the builder, e.g. "is between". */
  readonly label: string;
  readonly valueKind: OperatorValueKind;
  /** Gate on the fact value; when it fails the comparison is false (json-rules-engine semantics). */
  readonly factValidator: (factValue: unknown) => boolean;
  readonly compare: (factValue: any, value: any) => boolean; // eslint-disable-line @typescript-eslint/no-explicit-any
  /**
   * Optional fast path for a known value (a Set for `in`, a bound number for `<`): returns the whole
   * evaluation, validator included, and must agree with `factValidator && compare` everywhere.
   */
  readonly specialise?: (value: any) => (factValue: unknown) => boolean; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Operators that depend on the clock get `now` from here, so evaluation stays pure. */
export interface OperatorContext {
  readonly now: Date;
}

const MS_PER_DAY = 86_400_000;

const acceptAnything = (): boolean => true;

/** json-rules-engine's numberValidator: `Number.parseFloat(v).toString() !== 'NaN'`, made cheap for numbers. */
export function passesNumberValidator(factValue: unknown): boolean {
  if (typeof factValue === 'number') return factValue === factValue; // parseFloat(String(n)) is NaN only for NaN
  return !Number.isNaN(Number.parseFloat(factValue as string));
}

/** A date fact as epoch milliseconds: a Date, an ISO string or a number of ms; anything else is NaN. */
export function toEpochMs(factValue: unknown): number {
  if (factValue instanceof Date) return factValue.getTime();
  if (typeof factValue === 'number') return Number.isFinite(factValue) ? factValue : Number.NaN;
  if (typeof factValue === 'string') return Date.parse(factValue);
  return Number.NaN;
}

/** Fast path for the numeric built-ins: a number fact needs no parseFloat (NaN fails `<` anyway). */
function numeric(compare: (a: any, b: number) => boolean) { // eslint-disable-line @typescript-eslint/no-explicit-any
  return (b: number) => (a: unknown) => (typeof a === 'number' ? compare(a, b) : passesNumberValidator(a) && compare(a, b));
}

const SMALL_LIST = 8;

/**
 * `list.indexOf(item) > -1` as a plain loop: same === comparison (holes read as undefined, which
 * a non-empty segment id never equals), without the builtin's call overhead (measured: a quarter
 * less time per customer on short segment lists).
 */
function includesStrictly(list: readonly unknown[], item: unknown): boolean {
  for (let i = 0; i < list.length; i++) if (list[i] === item) return true;
  return false;
}

/**
 * `list.indexOf(a) > -1`, precomputed: a Set for long lists, a plain === scan for short ones
 * (faster than hashing). indexOf uses ===, so NaN is never a member; Set.has(NaN) would say yes.
 */
function memberOf(list: readonly unknown[]): (a: unknown) => boolean {
  if (list.length <= SMALL_LIST) {
    const items = [...list];
    return (a) => {
      for (let i = 0; i < items.length; i++) if (items[i] === a) return true;
      return false;
    };
  }
  const members = new Set(list);
  return (a) => a === a && members.has(a);
}

function builtInOperators(): OperatorDefinition[] {
  const engine = 'json-rules-engine' as const;
  return [
    { name: 'equal', source: engine, label: 'is', valueKind: 'scalar', factValidator: acceptAnything, compare: (a, b) => a === b, specialise: (b) => (a) => a === b },
    { name: 'notEqual', source: engine, label: 'is not', valueKind: 'scalar', factValidator: acceptAnything, compare: (a, b) => a !== b, specialise: (b) => (a) => a !== b },
    {
      name: 'in',
      source: engine,
      label: 'is one of',
      valueKind: 'scalarList',
      factValidator: acceptAnything,
      compare: (a, b) => b.indexOf(a) > -1,
      specialise: (list: unknown[]) => memberOf(list),
    },
    {
      name: 'notIn',
      source: engine,
      label: 'is none of',
      valueKind: 'scalarList',
      factValidator: acceptAnything,
      compare: (a, b) => b.indexOf(a) === -1,
      specialise: (list: unknown[]) => {
        const isMember = memberOf(list);
        return (a) => !isMember(a);
      },
    },
    // contains / doesNotContain are false for a fact that is not an array, even doesNotContain
    { name: 'contains', source: engine, label: 'contains', valueKind: 'scalar', factValidator: Array.isArray, compare: (a, b) => a.indexOf(b) > -1 },
    { name: 'doesNotContain', source: engine, label: 'does not contain', valueKind: 'scalar', factValidator: Array.isArray, compare: (a, b) => a.indexOf(b) === -1 },
    // numeric comparisons accept any fact parseFloat can read ("12abc", "  7", [5]) and then use JS `<`
    { name: 'lessThan', source: engine, label: 'is less than', valueKind: 'number', factValidator: passesNumberValidator, compare: (a, b) => a < b, specialise: numeric((a, b) => a < b) },
    { name: 'lessThanInclusive', source: engine, label: 'is at most', valueKind: 'number', factValidator: passesNumberValidator, compare: (a, b) => a <= b, specialise: numeric((a, b) => a <= b) },
    { name: 'greaterThan', source: engine, label: 'is more than', valueKind: 'number', factValidator: passesNumberValidator, compare: (a, b) => a > b, specialise: numeric((a, b) => a > b) },
    { name: 'greaterThanInclusive', source: engine, label: 'is at least', valueKind: 'number', factValidator: passesNumberValidator, compare: (a, b) => a >= b, specialise: numeric((a, b) => a >= b) },
  ];
}

function retainOperators(context: OperatorContext): OperatorDefinition[] {
  const retain = 'retain' as const;
  const nowMs = context.now.getTime();
  const daysAgo = (factValue: unknown): number => (nowMs - toEpochMs(factValue)) / MS_PER_DAY;
  return [
    {
      name: 'between',
      source: retain,
      label: 'is between',
      valueKind: 'numberRange',
      // same gate and coercion as the built-in numeric operators, both ends inclusive
      factValidator: passesNumberValidator,
      compare: (a, range: [number, number]) => a >= range[0] && a <= range[1],
      specialise: ([low, high]: [number, number]) => (a) => (typeof a === 'number' ? a >= low && a <= high : passesNumberValidator(a) && (a as number) >= low && (a as number) <= high),
    },
    {
      name: 'daysAgoGreaterThan',
      source: retain,
      label: 'was more than … days ago',
      valueKind: 'dayCount',
      factValidator: (a) => !Number.isNaN(toEpochMs(a)),
      compare: (a, days: number) => daysAgo(a) > days,
      // NaN (an unreadable date) fails the comparison, exactly as it fails the validator
      specialise: (days: number) => (a) => daysAgo(a) > days,
    },
    {
      name: 'daysAgoLessThan',
      source: retain,
      label: 'was less than … days ago',
      valueKind: 'dayCount',
      factValidator: (a) => !Number.isNaN(toEpochMs(a)),
      compare: (a, days: number) => daysAgo(a) < days,
      specialise: (days: number) => (a) => daysAgo(a) < days,
    },
    // the fact is the customer's list of segment ids
    { name: 'inSegment', source: retain, label: 'is in segment', valueKind: 'segmentId', factValidator: Array.isArray, compare: (a, id) => a.indexOf(id) > -1, specialise: (id) => (a) => Array.isArray(a) && includesStrictly(a, id) },
    // a customer with no segment list is in no segment, so notInSegment holds
    { name: 'notInSegment', source: retain, label: 'is not in segment', valueKind: 'segmentId', factValidator: acceptAnything, compare: (a, id) => !Array.isArray(a) || a.indexOf(id) === -1 },
    { name: 'startsWith', source: retain, label: 'starts with', valueKind: 'text', factValidator: (a) => typeof a === 'string', compare: (a: string, b: string) => a.startsWith(b), specialise: (b: string) => (a) => typeof a === 'string' && a.startsWith(b) },
    { name: 'endsWith', source: retain, label: 'ends with', valueKind: 'text', factValidator: (a) => typeof a === 'string', compare: (a: string, b: string) => a.endsWith(b), specialise: (b: string) => (a) => typeof a === 'string' && a.endsWith(b) },
    // exists: true → the fact is present and not null; exists: false → missing or null
    { name: 'exists', source: retain, label: 'is known', valueKind: 'boolean', factValidator: acceptAnything, compare: (a, wanted: boolean) => (a !== undefined && a !== null) === wanted },
  ];
}

/** All operators available to conditions, keyed by name. */
export function createOperators(context: OperatorContext): ReadonlyMap<string, OperatorDefinition> {
  return new Map([...builtInOperators(), ...retainOperators(context)].map((operator) => [operator.name, operator]));
}

/** Operator names, for the builder and the validator (no clock needed to list them). */
export const OPERATOR_NAMES: readonly string[] = [...createOperators({ now: new Date(0) }).keys()];

/** Our own operators (to register on a json-rules-engine Engine). */
export function retainOperatorDefinitions(context: OperatorContext): OperatorDefinition[] {
  return retainOperators(context);
}

/**
 * json-rules-engine's operator decorators, written `decorator:operator` (e.g. `someFact:equal`,
 * `not:in`). `swap` is left out: with `in` it calls indexOf on the fact and throws for a missing one.
 */
export interface DecoratorDefinition {
  readonly name: string;
  readonly factValidator: (factValue: unknown) => boolean;
  /** The condition value must be a list whose items each fit the inner operator. */
  readonly valueIsList: boolean;
  readonly apply: (factValue: any, value: any, next: (factValue: unknown, value: unknown) => boolean) => boolean; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export const DECORATORS: ReadonlyMap<string, DecoratorDefinition> = new Map(
  (
    [
      { name: 'someFact', factValidator: Array.isArray, valueIsList: false, apply: (facts: unknown[], value, next) => facts.some((fv) => next(fv, value)) },
      { name: 'everyFact', factValidator: Array.isArray, valueIsList: false, apply: (facts: unknown[], value, next) => facts.every((fv) => next(fv, value)) },
      { name: 'someValue', factValidator: acceptAnything, valueIsList: true, apply: (fact, values: unknown[], next) => values.some((jv) => next(fact, jv)) },
      { name: 'everyValue', factValidator: acceptAnything, valueIsList: true, apply: (fact, values: unknown[], next) => values.every((jv) => next(fact, jv)) },
      { name: 'not', factValidator: acceptAnything, valueIsList: false, apply: (fact, value, next) => !next(fact, value) },
    ] satisfies DecoratorDefinition[]
  ).map((decorator) => [decorator.name, decorator]),
);

/** An operator name split into its decorators (outermost first) and base operator. */
export interface ParsedOperatorName {
  readonly decorators: readonly DecoratorDefinition[];
  readonly operatorName: string;
}

/** Parses `someFact:not:equal`; returns undefined when a decorator or the operator is unknown. */
export function parseOperatorName(name: string, operators: ReadonlyMap<string, OperatorDefinition>): ParsedOperatorName | undefined {
  const decorators: DecoratorDefinition[] = [];
  let rest = name;
  while (!operators.has(rest)) {
    const colon = rest.indexOf(':');
    if (colon <= 0) return undefined;
    const decorator = DECORATORS.get(rest.slice(0, colon));
    if (!decorator) return undefined;
    decorators.push(decorator);
    rest = rest.slice(colon + 1);
  }
  return { decorators, operatorName: rest };
}

/** `(factValue, value) => boolean` for a possibly decorated operator, as json-rules-engine composes it. */
export function resolveOperatorEvaluator(
  name: string,
  operators: ReadonlyMap<string, OperatorDefinition>,
): ((factValue: unknown, value: unknown) => boolean) | undefined {
  const parsed = parseOperatorName(name, operators);
  if (!parsed) return undefined;
  const base = operators.get(parsed.operatorName)!;
  let evaluate = (factValue: unknown, value: unknown): boolean => base.factValidator(factValue) && base.compare(factValue, value);
  for (let i = parsed.decorators.length - 1; i >= 0; i--) {
    const decorator = parsed.decorators[i];
    const next = evaluate;
    evaluate = (factValue, value) => decorator.factValidator(factValue) && decorator.apply(factValue, value, next);
  }
  return evaluate;
}
