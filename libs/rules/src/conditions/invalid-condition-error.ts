import type { ConditionProblem } from './validate-condition';

/** Thrown when asked to evaluate or compile a condition that validateCondition rejects. */
export class InvalidConditionError extends Error {
  readonly code = 'INVALID_CONDITION';
  constructor(readonly problems: readonly ConditionProblem[]) {
    super(`Invalid condition: ${problems.map((problem) => `${problem.path || '(root)'}: ${problem.message}`).join(' ')}`);
    this.name = 'InvalidConditionError';
  }
}
