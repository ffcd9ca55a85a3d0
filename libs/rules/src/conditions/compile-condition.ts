// Turns a condition into a plain `(facts) => boolean` made of closures, for batch work (segments,
// previews, millions of customers). It reproduces json-rules-engine's results exactly; see
// condition-differential.spec.ts, which checks that on random conditions and facts.
import { type Condition, type Facts, booleanOperatorOf } from './condition-types';
import type { FactCondition } from './condition-types';
import { parseFactPath, resolveFactPath } from './fact-path';
import { InvalidConditionError } from './invalid-condition-error';
import { type OperatorContext, createOperators, parseOperatorName, resolveOperatorEvaluator } from './operators';
import type { OperatorDefinition } from './operators';
import { validateCondition } from './validate-condition';

export type CompiledCondition = (facts: Facts) => boolean;

/** Compiles a condition; throws InvalidConditionError if validateCondition finds a problem. */
export function compileCondition(condition: unknown, context: OperatorContext): CompiledCondition {
  const problems = validateCondition(condition);
  if (problems.length > 0) throw new InvalidConditionError(problems);
  return compileNode(condition as Condition, createOperators(context));
}

function compileNode(condition: Condition, operators: ReadonlyMap<string, OperatorDefinition>): CompiledCondition {
  const booleanOperator = booleanOperatorOf(condition);
  if (booleanOperator === 'not') {
    const inner = compileNode((condition as { not: Condition }).not, operators);
    return (facts) => !inner(facts);
  }
  if (booleanOperator === 'all' || booleanOperator === 'any') {
    const children = (condition as Record<typeof booleanOperator, Condition[]>)[booleanOperator].map((child) => compileNode(child, operators));
    // json-rules-engine: an empty list is true for `any` as well as `all`; one child is just that child
    if (children.length === 0) return () => true;
    if (children.length === 1) return children[0];
    if (booleanOperator === 'all') return (facts) => children.every((child) => child(facts));
    return (facts) => children.some((child) => child(facts));
  }
  return compileLeaf(condition as FactCondition, operators);
}

function compileLeaf(leaf: FactCondition, operators: ReadonlyMap<string, OperatorDefinition>): CompiledCondition {
  const read = factReader(leaf.fact, leaf.path);
  const parsed = parseOperatorName(leaf.operator, operators)!;
  const base = operators.get(parsed.operatorName)!;
  const value = leaf.value;
  if (parsed.decorators.length === 0 && base.specialise) {
    const evaluate = base.specialise(value);
    return (facts) => evaluate(read(facts));
  }
  const evaluate = resolveOperatorEvaluator(leaf.operator, operators)!;
  return (facts) => evaluate(read(facts), value);
}

/** Reads a fact (own properties only, like the engine's fact map) and applies the path. */
function factReader(fact: string, path: string | undefined): (facts: Facts) => unknown {
  // a plain property read is faster; only names that exist on Object.prototype need hasOwn
  const readFact: (facts: Facts) => unknown =
    fact in Object.prototype ? (facts) => (Object.hasOwn(facts, fact) ? facts[fact] : undefined) : (facts) => facts[fact];
  if (!path) return readFact;
  const steps = parseFactPath(path);
  return (facts) => resolveFactPath(readFact(facts), steps);
}
