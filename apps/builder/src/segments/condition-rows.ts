// The rule editor's model: a flat list of "fact operator value" rows joined by all (and) or any (or),
// turned into the json-rules-engine condition the engine stores, and back. Conditions with nested
// groups or paths do not fit this form; the editor then offers the JSON itself.
import type { FactDefinition } from '../api/segments';

export type Joiner = 'all' | 'any';

export interface ConditionRow {
  fact: string;
  operator: string;
  /** As typed: text, a number, a comma list for in/not in, true/false, a segment id. */
  value: string;
}

export interface ConditionForm {
  joiner: Joiner;
  rows: ConditionRow[];
}

export interface OperatorChoice {
  name: string;
  label: string;
  /** How the typed text becomes the condition's value. */
  value: 'text' | 'number' | 'list' | 'boolean' | 'segment' | 'days';
}

const NUMBER_OPERATORS: OperatorChoice[] = [
  { name: 'greaterThan', label: 'is more than', value: 'number' },
  { name: 'greaterThanInclusive', label: 'is at least', value: 'number' },
  { name: 'lessThan', label: 'is less than', value: 'number' },
  { name: 'lessThanInclusive', label: 'is at most', value: 'number' },
  { name: 'equal', label: 'is', value: 'number' },
  { name: 'notEqual', label: 'is not', value: 'number' },
];
const TEXT_OPERATORS: OperatorChoice[] = [
  { name: 'equal', label: 'is', value: 'text' },
  { name: 'notEqual', label: 'is not', value: 'text' },
  { name: 'in', label: 'is one of', value: 'list' },
  { name: 'notIn', label: 'is none of', value: 'list' },
  { name: 'startsWith', label: 'starts with', value: 'text' },
  { name: 'endsWith', label: 'ends with', value: 'text' },
  { name: 'exists', label: 'is known', value: 'boolean' },
];
const BOOLEAN_OPERATORS: OperatorChoice[] = [{ name: 'equal', label: 'is', value: 'boolean' }];
const DATE_OPERATORS: OperatorChoice[] = [
  { name: 'daysAgoGreaterThan', label: 'more than … days ago', value: 'days' },
  { name: 'daysAgoLessThan', label: 'less than … days ago', value: 'days' },
];
const SEGMENT_OPERATORS: OperatorChoice[] = [
  { name: 'inSegment', label: 'is in segment', value: 'segment' },
  { name: 'notInSegment', label: 'is not in segment', value: 'segment' },
];

/** The operators offered for a fact, by its type (the engine's operators of libs/rules). */
export function operatorsFor(fact: FactDefinition | undefined): OperatorChoice[] {
  switch (fact?.type) {
    case 'number':
      return NUMBER_OPERATORS;
    case 'boolean':
      return BOOLEAN_OPERATORS;
    case 'date':
      return DATE_OPERATORS;
    case 'segmentIds':
      return SEGMENT_OPERATORS;
    default:
      return TEXT_OPERATORS;
  }
}

function choiceOf(facts: readonly FactDefinition[], row: ConditionRow): OperatorChoice | undefined {
  return operatorsFor(facts.find((f) => f.name === row.fact)).find((o) => o.name === row.operator);
}

function parseValue(kind: OperatorChoice['value'], text: string): unknown {
  const trimmed = text.trim();
  switch (kind) {
    case 'number':
    case 'days':
      return trimmed === '' ? Number.NaN : Number(trimmed);
    case 'boolean':
      return trimmed !== 'false';
    case 'list':
      return trimmed
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
    default:
      return trimmed;
  }
}

/** The condition JSON for the form (the engine validates it again and explains what is wrong). */
export function toCondition(form: ConditionForm, facts: readonly FactDefinition[]): Record<string, unknown> {
  return {
    [form.joiner]: form.rows.map((row) => {
      const choice = choiceOf(facts, row);
      return { fact: row.fact, operator: row.operator, value: parseValue(choice?.value ?? 'text', row.value) };
    }),
  };
}

function isPlainLeaf(node: unknown): node is { fact: string; operator: string; value: unknown } {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return false;
  const keys = Object.keys(node);
  const leaf = node as Record<string, unknown>;
  return typeof leaf.fact === 'string' && typeof leaf.operator === 'string' && keys.every((k) => ['fact', 'operator', 'value'].includes(k));
}

function valueText(value: unknown): string {
  if (Array.isArray(value)) return value.join(', ');
  if (value === null || value === undefined) return '';
  return String(value);
}

/** The form for a stored condition, or null when it has nested groups, paths or a `not`. */
export function fromCondition(condition: unknown): ConditionForm | null {
  if (!condition || typeof condition !== 'object' || Array.isArray(condition)) return null;
  const keys = Object.keys(condition);
  if (keys.length !== 1 || (keys[0] !== 'all' && keys[0] !== 'any')) return null;
  const joiner = keys[0] as Joiner;
  const children = (condition as Record<string, unknown>)[joiner];
  if (!Array.isArray(children) || !children.every(isPlainLeaf)) return null;
  return { joiner, rows: children.map((leaf) => ({ fact: leaf.fact, operator: leaf.operator, value: valueText(leaf.value) })) };
}

/** A new row on the first fact with its first operator. */
export function blankRow(facts: readonly FactDefinition[]): ConditionRow {
  const fact = facts.find((f) => f.type === 'number') ?? facts[0];
  return { fact: fact?.name ?? '', operator: operatorsFor(fact)[0].name, value: '' };
}
