// Turns a condition into a plain `(facts) => boolean` for batch work (segments, previews, millions
// of customers). It reproduces json-rules-engine's results exactly; see
// condition-differential.spec.ts, which checks that on random conditions and facts.
//
// The fast form is one generated function per condition: the all/any/not tree becomes && / || / !
// over one call site per leaf, and plain facts are read with literal property names. Each call
// site then sees one evaluator and one object shape, so V8 inlines the operators into it; a tree
// of closures calls every child through the same site and cannot. Only fact names go into the
// generated text (as JSON string literals); values stay in the evaluators. Where code generation
// is not allowed (a Content-Security-Policy without unsafe-eval), the closure tree is used.
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
  const operators = createOperators(context);
  return generateFunction(condition as Condition, operators) ?? compileNode(condition as Condition, operators);
}

/** The closure tree only (the fallback; tests compare both forms). */
export function compileConditionAsClosures(condition: unknown, context: OperatorContext): CompiledCondition {
  const problems = validateCondition(condition);
  if (problems.length > 0) throw new InvalidConditionError(problems);
  return compileNode(condition as Condition, createOperators(context));
}

/** The condition as one generated function, or undefined where code generation is refused. */
function generateFunction(condition: Condition, operators: ReadonlyMap<string, OperatorDefinition>): CompiledCondition | undefined {
  const evaluators: Array<(factValue: unknown) => boolean> = [];
  const readers: Array<(facts: Facts) => unknown> = [];
  const expression = generateNode(condition, operators, evaluators, readers);
  const names = [...evaluators.map((_, i) => `e${i}`), ...readers.map((_, i) => `r${i}`)];
  try {
    const factory = new Function(...names, `'use strict'; return function compiledCondition(f) { return !!(${expression}); };`) as (...parts: unknown[]) => CompiledCondition;
    return factory(...evaluators, ...readers);
  } catch {
    return undefined;
  }
}

function generateNode(condition: Condition, operators: ReadonlyMap<string, OperatorDefinition>, evaluators: Array<(factValue: unknown) => boolean>, readers: Array<(facts: Facts) => unknown>): string {
  const booleanOperator = booleanOperatorOf(condition);
  if (booleanOperator === 'not') return `!(${generateNode((condition as { not: Condition }).not, operators, evaluators, readers)})`;
  if (booleanOperator === 'all' || booleanOperator === 'any') {
    const children = (condition as Record<typeof booleanOperator, Condition[]>)[booleanOperator].map((child) => `!!(${generateNode(child, operators, evaluators, readers)})`);
    // json-rules-engine: an empty list is true for `any` as well as `all`
    if (children.length === 0) return 'true';
    return `(${children.join(booleanOperator === 'all' ? ' && ' : ' || ')})`;
  }
  const leaf = condition as FactCondition;
  const parsed = parseOperatorName(leaf.operator, operators)!;
  const base = operators.get(parsed.operatorName)!;
  const value = leaf.value;
  let evaluate: (factValue: unknown) => boolean;
  if (parsed.decorators.length === 0) {
    evaluate = base.specialise ? base.specialise(value) : (factValue: unknown) => base.factValidator(factValue) && base.compare(factValue, value);
  } else {
    const decorated = resolveOperatorEvaluator(leaf.operator, operators)!;
    evaluate = (factValue: unknown) => decorated(factValue, value);
  }
  const e = `e${evaluators.push(evaluate) - 1}`;
  // a plain fact is a literal property read; names on Object.prototype and paths go through a reader
  if (!leaf.path && !(leaf.fact in Object.prototype)) return `${e}(f[${JSON.stringify(leaf.fact)}])`;
  return `${e}(r${readers.push(factReader(leaf.fact, leaf.path)) - 1}(f))`;
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
    // plain loops: every()/some() with an arrow would allocate a closure per customer
    if (booleanOperator === 'all') {
      return (facts) => {
        for (let i = 0; i < children.length; i++) if (!children[i](facts)) return false;
        return true;
      };
    }
    return (facts) => {
      for (let i = 0; i < children.length; i++) if (children[i](facts)) return true;
      return false;
    };
  }
  return compileLeaf(condition as FactCondition, operators);
}

function compileLeaf(leaf: FactCondition, operators: ReadonlyMap<string, OperatorDefinition>): CompiledCondition {
  const parsed = parseOperatorName(leaf.operator, operators)!;
  const base = operators.get(parsed.operatorName)!;
  const value = leaf.value;
  const fact = leaf.fact;
  if (parsed.decorators.length === 0) {
    const evaluate = base.specialise ? base.specialise(value) : (factValue: unknown) => base.factValidator(factValue) && base.compare(factValue, value);
    // the common case (a plain fact, no path) reads the property inline: one call less per customer
    if (!leaf.path && !(fact in Object.prototype)) return plainFactLeaf(fact, evaluate);
    const read = factReader(fact, leaf.path);
    return (facts) => evaluate(read(facts));
  }
  const read = factReader(fact, leaf.path);
  const evaluate = resolveOperatorEvaluator(leaf.operator, operators)!;
  return (facts) => evaluate(read(facts), value);
}

// V8 keeps one inline cache per closure *site*: if every leaf read `facts[fact]` from the same
// arrow, the read would go megamorphic (many fact names) and cost most of the evaluation. Spreading
// leaves over a few identical sites keeps each read monomorphic (measured: about twice as fast on
// the benchmark condition). Same code, same result.
type LeafEvaluator = (factValue: unknown) => boolean;
const PLAIN_FACT_LEAF_SITES: Array<(fact: string, evaluate: LeafEvaluator) => CompiledCondition> = [
  (fact, evaluate) => (facts) => evaluate(facts[fact]),
  (fact, evaluate) => (facts) => evaluate(facts[fact]),
  (fact, evaluate) => (facts) => evaluate(facts[fact]),
  (fact, evaluate) => (facts) => evaluate(facts[fact]),
  (fact, evaluate) => (facts) => evaluate(facts[fact]),
  (fact, evaluate) => (facts) => evaluate(facts[fact]),
  (fact, evaluate) => (facts) => evaluate(facts[fact]),
  (fact, evaluate) => (facts) => evaluate(facts[fact]),
];
let nextLeafSite = 0;

function plainFactLeaf(fact: string, evaluate: LeafEvaluator): CompiledCondition {
  nextLeafSite = (nextLeafSite + 1) % PLAIN_FACT_LEAF_SITES.length;
  return PLAIN_FACT_LEAF_SITES[nextLeafSite](fact, evaluate);
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
