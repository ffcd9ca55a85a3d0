// The operators the condition builder offers: the rules' own table (createOperators /
// OPERATOR_NAMES), narrowed to what fits each kind of fact.
import { createOperators, OPERATOR_NAMES, type OperatorDefinition, type OperatorValueKind } from '@retain/rules';
import type { FactType } from '../../api/flows';

const TABLE = createOperators({ now: new Date(0) });

export const CONDITION_OPERATORS: OperatorDefinition[] = OPERATOR_NAMES.flatMap((name) => TABLE.get(name) ?? []);

const BY_FACT_TYPE: Record<FactType, readonly string[]> = {
  number: ['equal', 'notEqual', 'greaterThan', 'greaterThanInclusive', 'lessThan', 'lessThanInclusive', 'between', 'in', 'notIn', 'exists'],
  text: ['equal', 'notEqual', 'in', 'notIn', 'startsWith', 'endsWith', 'exists'],
  boolean: ['equal', 'notEqual', 'exists'],
  date: ['daysAgoGreaterThan', 'daysAgoLessThan', 'exists'],
  segmentIds: ['inSegment', 'notInSegment'],
  any: OPERATOR_NAMES,
};

/** Operators for a fact of this type (every operator for an unknown fact). */
export function operatorsFor(type: FactType | undefined): OperatorDefinition[] {
  const allowed = new Set(BY_FACT_TYPE[type ?? 'any']);
  return CONDITION_OPERATORS.filter((op) => allowed.has(op.name));
}

export function valueKindOf(operator: string): OperatorValueKind | undefined {
  return TABLE.get(operator)?.valueKind;
}

/** A sensible starting value when the operator changes, so the row is valid as soon as it can be. */
export function initialValue(kind: OperatorValueKind | undefined, factType: FactType | undefined): unknown {
  switch (kind) {
    case 'number':
    case 'dayCount':
      return 0;
    case 'numberRange':
      return [0, 10];
    case 'scalarList':
      return [];
    case 'boolean':
      return true;
    case 'segmentId':
    case 'text':
      return '';
    default:
      return factType === 'number' ? 0 : factType === 'boolean' ? true : '';
  }
}
