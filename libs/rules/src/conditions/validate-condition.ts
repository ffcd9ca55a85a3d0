// Checks a condition before it is evaluated or compiled: its shape, that every operator exists and
// that each value fits its operator. A condition that passes never makes json-rules-engine or the
// compiled predicate throw, whatever the facts hold.
import { booleanOperatorOf } from './condition-types';
import { isSupportedFactPath } from './fact-path';
import { type DecoratorDefinition, type OperatorValueKind, OPERATOR_NAMES, createOperators, parseOperatorName } from './operators';

export type ConditionProblemCode =
  | 'CONDITION_SHAPE'
  | 'CONDITION_ROOT'
  | 'MISSING_FACT'
  | 'UNKNOWN_OPERATOR'
  | 'INVALID_VALUE'
  | 'UNSUPPORTED_PATH';

export interface ConditionProblem {
  /** Where in the condition, e.g. `all[1].any[0].value` (empty for the root). */
  path: string;
  code: ConditionProblemCode;
  message: string;
}

const OPERATORS_FOR_VALIDATION = createOperators({ now: new Date(0) });

const VALUE_EXPECTATIONS: Record<OperatorValueKind, { accepts: (value: unknown) => boolean; needs: string }> = {
  scalar: { accepts: isScalar, needs: 'a single value (text, a number, true/false or empty)' },
  number: { accepts: isFiniteNumber, needs: 'a number' },
  scalarList: { accepts: (value) => Array.isArray(value) && value.every(isScalar), needs: 'a list of values, e.g. ["gold", "silver"]' },
  numberRange: {
    accepts: (value) => Array.isArray(value) && value.length === 2 && isFiniteNumber(value[0]) && isFiniteNumber(value[1]) && value[0] <= value[1],
    needs: 'two numbers, the lower one first, e.g. [18, 65]',
  },
  dayCount: { accepts: (value) => isFiniteNumber(value) && value >= 0, needs: 'a number of days (0 or more)' },
  text: { accepts: (value) => typeof value === 'string' && value.length > 0, needs: 'some text' },
  segmentId: { accepts: (value) => typeof value === 'string' && value.length > 0, needs: 'a segment' },
  boolean: { accepts: (value) => typeof value === 'boolean', needs: 'true or false' },
};

const LEAF_KEYS = new Set(['fact', 'operator', 'value', 'path', 'params', 'priority', 'name']);
const BOOLEAN_KEYS = new Set(['all', 'any', 'not', 'priority', 'name']);

function isScalar(value: unknown): boolean {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || isFiniteNumber(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function at(path: string, step: string): string {
  return path ? `${path}.${step}` : step;
}

/** Every problem in a condition; an empty list means it can be evaluated and compiled. */
export function validateCondition(condition: unknown): ConditionProblem[] {
  const problems: ConditionProblem[] = [];
  if (!isPlainObject(condition) || booleanOperatorOf(condition) === undefined) {
    problems.push({ path: '', code: 'CONDITION_ROOT', message: 'A condition must start with “all of”, “any of” or “not”.' });
    if (isPlainObject(condition) && 'fact' in condition) checkLeaf(condition, '', problems);
    return problems;
  }
  checkNode(condition, '', problems);
  return problems;
}

function checkNode(node: unknown, path: string, problems: ConditionProblem[]): void {
  if (!isPlainObject(node)) {
    problems.push({ path, code: 'CONDITION_SHAPE', message: `Rule ${path || 'at the top'} is not a rule or a group of rules.` });
    return;
  }
  const booleanKeys = ['all', 'any', 'not'].filter((key) => Object.hasOwn(node, key));
  if (booleanKeys.length > 1) {
    problems.push({ path, code: 'CONDITION_SHAPE', message: `Group ${path || 'at the top'} mixes ${booleanKeys.join(', ')}; use one per group.` });
    return;
  }
  if (booleanKeys.length === 0) {
    checkLeaf(node, path, problems);
    return;
  }
  const key = booleanKeys[0];
  const unexpected = Object.keys(node).filter((name) => !BOOLEAN_KEYS.has(name));
  if (unexpected.length > 0) {
    problems.push({ path, code: 'CONDITION_SHAPE', message: `Group ${path || 'at the top'} has unexpected fields: ${unexpected.join(', ')}.` });
  }
  checkPriority(node, path, problems);
  const children = node[key];
  if (key === 'not') {
    if (Array.isArray(children)) {
      problems.push({ path: at(path, 'not'), code: 'CONDITION_SHAPE', message: '“not” takes a single rule or group, not a list.' });
      return;
    }
    checkNode(children, at(path, 'not'), problems);
    return;
  }
  if (!Array.isArray(children)) {
    problems.push({ path: at(path, key), code: 'CONDITION_SHAPE', message: `“${key}” must be a list of rules.` });
    return;
  }
  children.forEach((child, index) => checkNode(child, `${at(path, key)}[${index}]`, problems));
}

function checkPriority(node: Record<string, unknown>, path: string, problems: ConditionProblem[]): void {
  if (node.priority !== undefined && !(isFiniteNumber(node.priority) && node.priority >= 1)) {
    problems.push({ path: at(path, 'priority'), code: 'CONDITION_SHAPE', message: 'A priority must be a number of 1 or more.' });
  }
}

function checkLeaf(leaf: Record<string, unknown>, path: string, problems: ConditionProblem[]): void {
  const where = path ? `Rule ${path}` : 'The rule';
  const unexpected = Object.keys(leaf).filter((name) => !LEAF_KEYS.has(name));
  if (unexpected.length > 0) {
    problems.push({ path, code: 'CONDITION_SHAPE', message: `${where} has unexpected fields: ${unexpected.join(', ')}.` });
  }
  checkPriority(leaf, path, problems);
  if (typeof leaf.fact !== 'string' || leaf.fact.length === 0) {
    problems.push({ path: at(path, 'fact'), code: 'MISSING_FACT', message: `${where} does not say which customer attribute to check.` });
  }
  if (leaf.path !== undefined && (typeof leaf.path !== 'string' || (leaf.path !== '' && !isSupportedFactPath(leaf.path)))) {
    problems.push({
      path: at(path, 'path'),
      code: 'UNSUPPORTED_PATH',
      message: `${where} reads “${String(leaf.path)}”; a path must look like $.address.city or $.orders[0] (no wildcards or filters).`,
    });
  }
  if (leaf.params !== undefined && !isPlainObject(leaf.params)) {
    problems.push({ path: at(path, 'params'), code: 'CONDITION_SHAPE', message: `${where} has params that are not an object.` });
  }
  if (typeof leaf.operator !== 'string') {
    problems.push({ path: at(path, 'operator'), code: 'UNKNOWN_OPERATOR', message: `${where} has no comparison (operator).` });
    return;
  }
  const parsed = parseOperatorName(leaf.operator, OPERATORS_FOR_VALIDATION);
  if (!parsed) {
    problems.push({
      path: at(path, 'operator'),
      code: 'UNKNOWN_OPERATOR',
      message: `${where} uses the comparison “${leaf.operator}”, which does not exist. Known comparisons: ${OPERATOR_NAMES.join(', ')}.`,
    });
    return;
  }
  if (!Object.hasOwn(leaf, 'value')) {
    problems.push({ path: at(path, 'value'), code: 'INVALID_VALUE', message: `${where} has no value to compare with.` });
    return;
  }
  const valueKind = OPERATORS_FOR_VALIDATION.get(parsed.operatorName)!.valueKind;
  const needs = describeNeeds(parsed.decorators, valueKind);
  if (!valueFits(leaf.value, parsed.decorators, valueKind)) {
    problems.push({ path: at(path, 'value'), code: 'INVALID_VALUE', message: `${where}: “${leaf.operator}” needs ${needs}; got ${JSON.stringify(leaf.value) ?? 'nothing'}.` });
  }
}

function valueFits(value: unknown, decorators: readonly DecoratorDefinition[], kind: OperatorValueKind): boolean {
  const listIndex = decorators.findIndex((decorator) => decorator.valueIsList);
  if (listIndex === -1) return VALUE_EXPECTATIONS[kind].accepts(value);
  const inner = decorators.slice(listIndex + 1);
  return Array.isArray(value) && value.every((item) => valueFits(item, inner, kind));
}

function describeNeeds(decorators: readonly DecoratorDefinition[], kind: OperatorValueKind): string {
  const lists = decorators.filter((decorator) => decorator.valueIsList).length;
  return 'a list of '.repeat(lists) + VALUE_EXPECTATIONS[kind].needs;
}
