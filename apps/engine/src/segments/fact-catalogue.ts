// The one place that says which facts a segment rule may use, how each is named in a condition,
// and what it holds. Facts are flat, dotted names (`features.recencyDays`, `rfm.segment`,
// `attributes.Contract`) so every read in the compiled predicate is a plain property read.
import { CUSTOMER_FEATURE_NAMES, RFM_SEGMENTS } from '@retain/segmentation';
import { type ConditionProblem, type FactCondition, validateCondition } from '@retain/rules';

export type FactType = 'text' | 'number' | 'boolean' | 'date' | 'segmentIds' | 'any';

export interface FactDefinition {
  /** The `fact` of a condition leaf. */
  name: string;
  type: FactType;
  group: 'customer' | 'attributes' | 'features' | 'rfm' | 'cluster' | 'scores' | 'segments';
  label: string;
  /** Known values, for the condition editor's pickers (RFM segment names). */
  values?: readonly string[];
}

export interface FactCatalogue {
  facts: FactDefinition[];
  /** `attributes.<name>`: any free attribute may be used (they are free-form by design). */
  attributePrefix: 'attributes.';
}

const customerColumns: FactDefinition[] = [
  { name: 'externalId', type: 'text', group: 'customer', label: 'External id' },
  { name: 'email', type: 'text', group: 'customer', label: 'Email' },
  { name: 'name', type: 'text', group: 'customer', label: 'Name' },
  { name: 'country', type: 'text', group: 'customer', label: 'Country' },
  { name: 'city', type: 'text', group: 'customer', label: 'City' },
  { name: 'occupation', type: 'text', group: 'customer', label: 'Occupation' },
  { name: 'plan', type: 'text', group: 'customer', label: 'Plan' },
  { name: 'timeZone', type: 'text', group: 'customer', label: 'Time zone' },
  { name: 'age', type: 'number', group: 'customer', label: 'Age' },
  { name: 'emailConsent', type: 'boolean', group: 'customer', label: 'Email consent' },
  { name: 'signupAt', type: 'date', group: 'customer', label: 'Signed up' },
  { name: 'createdAt', type: 'date', group: 'customer', label: 'First seen' },
];

const FEATURE_LABELS: Record<(typeof CUSTOMER_FEATURE_NAMES)[number], string> = {
  recencyDays: 'Days since last purchase',
  frequency: 'Orders',
  monetary: 'Net revenue',
  tenureDays: 'Days since first purchase',
  averageOrderValue: 'Average order value',
  daysBetweenOrders: 'Days between orders',
  purchaseTrend: 'Purchase trend (last 90 days against the 90 before)',
  spendLastWindow: 'Spend in the last 90 days',
  spendPreviousWindow: 'Spend in the 90 days before',
  categoryBreadth: 'Categories bought',
  returnRate: 'Return rate',
  supportContacts: 'Support contacts',
  satisfaction: 'Latest satisfaction score',
  emailEngagement: 'Email engagement',
};

/** Model kinds whose active version's score is a fact `scores.<kind>`. */
export const SCORE_KINDS = ['churn'] as const;

export function buildFactCatalogue(): FactCatalogue {
  return {
    attributePrefix: 'attributes.',
    facts: [
      ...customerColumns,
      { name: 'attributes', type: 'any', group: 'attributes', label: 'All free attributes (use a path, e.g. $.Contract)' },
      ...CUSTOMER_FEATURE_NAMES.map((name): FactDefinition => ({ name: `features.${name}`, type: 'number', group: 'features', label: FEATURE_LABELS[name] ?? name })),
      { name: 'rfm.recency', type: 'number', group: 'rfm', label: 'RFM recency score (1–5)' },
      { name: 'rfm.frequency', type: 'number', group: 'rfm', label: 'RFM frequency score (1–5)' },
      { name: 'rfm.monetary', type: 'number', group: 'rfm', label: 'RFM monetary score (1–5)' },
      { name: 'rfm.segment', type: 'text', group: 'rfm', label: 'RFM segment', values: RFM_SEGMENTS },
      { name: 'cluster', type: 'number', group: 'cluster', label: 'Cluster (latest clustering run)' },
      { name: 'clusterLabel', type: 'text', group: 'cluster', label: 'Cluster label' },
      ...SCORE_KINDS.map((kind): FactDefinition => ({ name: `scores.${kind}`, type: 'number', group: 'scores', label: `${kind} risk (active model, 0–1)` })),
      { name: 'segments', type: 'segmentIds', group: 'segments', label: 'Segments (use “is in segment”)' },
    ],
  };
}

export const FACT_CATALOGUE = buildFactCatalogue();
const FACTS_BY_NAME = new Map(FACT_CATALOGUE.facts.map((fact) => [fact.name, fact]));

export function findFact(name: string): FactDefinition | undefined {
  const known = FACTS_BY_NAME.get(name);
  if (known) return known;
  if (name.startsWith(FACT_CATALOGUE.attributePrefix) && name.length > FACT_CATALOGUE.attributePrefix.length) {
    return { name, type: 'any', group: 'attributes', label: `Attribute ${name.slice(FACT_CATALOGUE.attributePrefix.length)}` };
  }
  return undefined;
}

const SEGMENT_OPERATORS = new Set(['inSegment', 'notInSegment']);

/** json-rules-engine's precedence when a node has several group keys (validateCondition refuses that anyway). */
function booleanOperatorOf(node: object): 'any' | 'all' | 'not' | undefined {
  for (const key of ['any', 'all', 'not'] as const) if (Object.hasOwn(node, key)) return key;
  return undefined;
}

/** Every leaf of a condition with where it is (same path notation as validateCondition). */
export function conditionLeaves(condition: unknown): Array<{ leaf: FactCondition; at: string }> {
  const leaves: Array<{ leaf: FactCondition; at: string }> = [];
  const walk = (node: unknown, at: string) => {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return;
    const op = booleanOperatorOf(node);
    if (op === 'not') return walk((node as { not: unknown }).not, at ? `${at}.not` : 'not');
    if (op === 'all' || op === 'any') {
      const children = (node as Record<string, unknown>)[op];
      if (Array.isArray(children)) children.forEach((child, i) => walk(child, `${at ? `${at}.` : ''}${op}[${i}]`));
      return;
    }
    if (typeof (node as FactCondition).fact === 'string') leaves.push({ leaf: node as FactCondition, at });
  };
  walk(condition, '');
  return leaves;
}

/** The segment ids a condition refers to with inSegment / notInSegment (as numbers; bad ids as NaN). */
export function referencedSegmentIds(condition: unknown): number[] {
  const ids = new Set<number>();
  for (const { leaf } of conditionLeaves(condition)) {
    const base = leaf.operator?.split(':').pop();
    if (base && SEGMENT_OPERATORS.has(base)) ids.add(/^\d+$/.test(String(leaf.value)) ? Number(leaf.value) : NaN);
  }
  return [...ids];
}

/** Facts named by a condition (the facts builder may skip the rest). */
export function referencedFacts(condition: unknown): Set<string> {
  return new Set(conditionLeaves(condition).map(({ leaf }) => leaf.fact));
}

/**
 * validateCondition from libs/rules, plus: every fact is in the catalogue, a path is only used on
 * facts that hold objects, segment operators only on `segments` and only with existing segment ids.
 */
export function checkRuleCondition(condition: unknown, existingSegmentIds: ReadonlySet<number>): ConditionProblem[] {
  const problems = validateCondition(condition);
  for (const { leaf, at } of conditionLeaves(condition)) {
    const fact = findFact(leaf.fact);
    const where = at || 'the condition';
    if (!fact) {
      problems.push({ path: at ? `${at}.fact` : 'fact', code: 'MISSING_FACT', message: `Unknown fact “${leaf.fact}” at ${where}; see GET /api/segments/facts for the facts a rule may use.` });
      continue;
    }
    if (leaf.path !== undefined && fact.type !== 'any') {
      problems.push({ path: at ? `${at}.path` : 'path', code: 'UNSUPPORTED_PATH', message: `Fact “${leaf.fact}” holds a ${fact.type}; a path does not apply to it.` });
    }
    const base = typeof leaf.operator === 'string' ? leaf.operator.split(':').pop()! : '';
    if (SEGMENT_OPERATORS.has(base)) {
      if (fact.type !== 'segmentIds') {
        problems.push({ path: at ? `${at}.fact` : 'fact', code: 'INVALID_VALUE', message: `“${leaf.operator}” works on the fact “segments”, not “${leaf.fact}”.` });
      }
      const id = /^\d+$/.test(String(leaf.value)) ? Number(leaf.value) : NaN;
      if (typeof leaf.value === 'string' && !existingSegmentIds.has(id)) {
        problems.push({ path: at ? `${at}.value` : 'value', code: 'INVALID_VALUE', message: `Unknown segment “${leaf.value}” at ${where}: no active segment has that id.` });
      }
    } else if (fact.type === 'segmentIds' && !base.startsWith('exists')) {
      problems.push({ path: at ? `${at}.operator` : 'operator', code: 'INVALID_VALUE', message: `The fact “segments” is used with “is in segment” or “is not in segment”, not “${leaf.operator}”.` });
    }
  }
  return problems;
}

