// The reference evaluator: json-rules-engine itself, with our operators added. Used for single
// customers and as the oracle the compiled predicate is tested against.
import { Engine, Operator } from 'json-rules-engine';
import type { TopLevelCondition } from 'json-rules-engine';
import type { Facts } from './condition-types';
import { InvalidConditionError } from './invalid-condition-error';
import { type OperatorContext, retainOperatorDefinitions } from './operators';
import { validateCondition } from './validate-condition';

export type EngineConditionEvaluator = (facts: Facts) => Promise<boolean>;

const MATCH_EVENT = { type: 'condition-matched' };

/** A json-rules-engine Engine with our operators registered and missing facts allowed (they read as undefined). */
export function createRulesEngine(context: OperatorContext): Engine {
  const engine = new Engine([], { allowUndefinedFacts: true });
  for (const operator of retainOperatorDefinitions(context)) {
    engine.addOperator(new Operator(operator.name, operator.compare, operator.factValidator));
  }
  return engine;
}

/**
 * Builds an evaluator for one condition on json-rules-engine (one Engine, reused across customers).
 * Throws InvalidConditionError if validateCondition finds a problem.
 */
export function createEngineEvaluator(condition: unknown, context: OperatorContext): EngineConditionEvaluator {
  const problems = validateCondition(condition);
  if (problems.length > 0) throw new InvalidConditionError(problems);
  const engine = createRulesEngine(context);
  // a copy: json-rules-engine rewrites `priority` on the objects it is given
  engine.addRule({ conditions: structuredClone(condition) as TopLevelCondition, event: MATCH_EVENT });
  return async (facts) => {
    const { events } = await engine.run(withoutEmptyFactName(facts));
    return events.length > 0;
  };
}

/** Evaluates one condition for one customer with json-rules-engine. */
export function evaluateConditionWithEngine(condition: unknown, facts: Facts, context: OperatorContext): Promise<boolean> {
  return createEngineEvaluator(condition, context)(facts);
}

/** json-rules-engine throws on a fact named '' ("factId required"); no valid condition can read it. */
function withoutEmptyFactName(facts: Facts): Record<string, unknown> {
  if (!Object.hasOwn(facts, '')) return { ...facts };
  const { '': _ignored, ...rest } = facts;
  return rest;
}
