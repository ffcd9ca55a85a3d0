// The condition language is json-rules-engine's: boolean trees (`all` / `any` / `not`) over leaf
// comparisons `{ fact, operator, value, path?, params? }`. These types describe that JSON.

/** A leaf comparison: `<fact at path> <operator> <value>`. */
export interface FactCondition {
  fact: string;
  operator: string;
  value: unknown;
  /** JSONPath into an object fact, limited to `$`, `.name` and `[index]` steps, e.g. `$.address.city`. */
  path?: string;
  /** Accepted for compatibility; facts are plain data here, so params never change a value. */
  params?: Record<string, unknown>;
  /** json-rules-engine evaluation order; never changes the result. */
  priority?: number;
  name?: string;
}

export interface AllCondition {
  all: Condition[];
  priority?: number;
  name?: string;
}

export interface AnyCondition {
  any: Condition[];
  priority?: number;
  name?: string;
}

export interface NotCondition {
  not: Condition;
  priority?: number;
  name?: string;
}

export type BooleanCondition = AllCondition | AnyCondition | NotCondition;
export type Condition = BooleanCondition | FactCondition;

/** The root of a condition must be boolean, as json-rules-engine requires for a rule. */
export type RootCondition = BooleanCondition;

/** Customer (or event) facts: a plain object keyed by fact name. */
export type Facts = Readonly<Record<string, unknown>>;

export function isAllCondition(condition: Condition): condition is AllCondition {
  return Object.prototype.hasOwnProperty.call(condition, 'all');
}
export function isAnyCondition(condition: Condition): condition is AnyCondition {
  return Object.prototype.hasOwnProperty.call(condition, 'any');
}
export function isNotCondition(condition: Condition): condition is NotCondition {
  return Object.prototype.hasOwnProperty.call(condition, 'not');
}

/** Which boolean operator a condition uses, with json-rules-engine's precedence (any, all, not). */
export function booleanOperatorOf(condition: object): 'any' | 'all' | 'not' | undefined {
  if (Object.prototype.hasOwnProperty.call(condition, 'any')) return 'any';
  if (Object.prototype.hasOwnProperty.call(condition, 'all')) return 'all';
  if (Object.prototype.hasOwnProperty.call(condition, 'not')) return 'not';
  return undefined;
}
