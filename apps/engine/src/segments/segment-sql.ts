// A segment's membership test as SQL, so a full refresh can ask PostgreSQL which customers' membership
// may have changed instead of paging every customer's facts through Node. Pure: builds text and
// parameters. Covers RFM, cluster and score-band segments, and rule conditions made of all / any /
// not over leaves whose JavaScript semantics SQL reproduces exactly (typed columns, numeric
// features and scores, string attributes, segment membership); anything else returns null and the
// refresh evaluates every customer in Node (the compiled predicate stays the authority either way:
// the refresher re-checks each customer this query returns with it).
import type { Condition, FactCondition } from '@retain/rules';
import { featureColumn } from '../analytics/feature-columns';
import { findFact } from './fact-catalogue';
import type { MatcherContext } from './segment-matcher';
import type { StoredDefinition } from './segments.schemas';

export interface MembershipSql {
  /** FROM clause binding `c` (customers), `f` (customer_facts, left-joined) and, where needed, score columns. */
  from: string;
  /** A boolean expression that is never NULL: the customer belongs now. */
  where: string;
  params: unknown[];
  /**
   * Score kinds `from` already joins, as the alias of a row of preferredScores (columns score and
   * model_version_id; every customer `where` accepts has one): readers reuse it instead of joining
   * the same scores again.
   */
  scoreAliases?: Record<string, string>;
}

const TEXT_COLUMNS: Record<string, string> = {
  externalId: 'c.external_id', email: 'c.email', name: 'c.name', country: 'c.country', city: 'c.city', occupation: 'c.occupation', plan: 'c.plan', timeZone: 'c.time_zone',
  'rfm.segment': 'f.rfm_segment', clusterLabel: 'f.cluster_label',
};
const NUMBER_COLUMNS: Record<string, string> = { age: 'c.age', 'rfm.recency': 'f.recency_score', 'rfm.frequency': 'f.frequency_score', 'rfm.monetary': 'f.monetary_score', cluster: 'f.cluster' };

const CUSTOMERS_WITH_FACTS = 'customers c LEFT JOIN customer_facts f ON f.customer_id = c.id';

/** The SQL membership test of a stored definition, or null when only the in-Node matcher can decide. */
export function membershipSql(stored: StoredDefinition, context: MatcherContext): MembershipSql | null {
  switch (stored.kind) {
    case 'rfm': {
      if ('segments' in stored.definition) return { from: CUSTOMERS_WITH_FACTS, where: 'coalesce(f.rfm_segment = ANY($1::text[]), false)', params: [stored.definition.segments] };
      const cells = [...new Set(stored.definition.cells.map(({ r, fm }) => r * 10 + fm))];
      // fmScore(f, m) = floor((f + m) / 2 + 0.5)
      return { from: CUSTOMERS_WITH_FACTS, where: 'coalesce(f.recency_score * 10 + floor((f.frequency_score + f.monetary_score) / 2.0 + 0.5)::int = ANY($1::int[]), false)', params: [cells] };
    }
    case 'cluster':
      return { from: CUSTOMERS_WITH_FACTS, where: 'coalesce(f.cluster = ANY($1::int[]), false)', params: [stored.definition.clusters] };
    case 'scoreBand': {
      const model = context.activeModels.get(stored.definition.model);
      if (!model) return { from: CUSTOMERS_WITH_FACTS, where: 'false', params: [] };
      const { min, max } = stored.definition;
      return {
        from: `${CUSTOMERS_WITH_FACTS} JOIN (${preferredScores('$1', model.ids.length)}) sc ON sc.customer_id = c.id`,
        where: '(($2::float8 IS NULL OR sc.score >= $2::float8) AND ($3::float8 IS NULL OR sc.score <= $3::float8))',
        params: [model.ids, min ?? null, max ?? null],
        scoreAliases: { [stored.definition.model]: 'sc' },
      };
    }
    case 'rule':
      return ruleSql(stored.definition.condition, context);
    case 'manual':
      return null;
  }
}

/**
 * One score per customer among the active versions of a kind (`ids`, an int[] parameter holding
 * `count` ids): the first of them that scored the customer. With one version (the usual case) no
 * sort is needed: a customer has one score per version.
 */
export function preferredScores(ids: string, count: number): string {
  if (count === 1) return `SELECT customer_id, score, model_version_id FROM customer_scores WHERE model_version_id = (${ids}::int[])[1]`;
  return `SELECT DISTINCT ON (customer_id) customer_id, score, model_version_id FROM customer_scores WHERE model_version_id = ANY(${ids}::int[]) ORDER BY customer_id, array_position(${ids}::int[], model_version_id)`;
}

class Untranslatable extends Error {}

/** As libs/rules reads a condition node (its own helper is internal): `any` wins over `all` over `not`. */
function booleanOperatorOf(condition: object): 'any' | 'all' | 'not' | undefined {
  for (const key of ['any', 'all', 'not'] as const) if (Object.hasOwn(condition, key)) return key;
  return undefined;
}

class RuleTranslator {
  readonly params: unknown[] = [];
  readonly scoreJoins = new Map<string, string>();

  constructor(private readonly context: MatcherContext) {}

  param(value: unknown, type: string): string {
    return `$${this.params.push(value)}::${type}`;
  }

  node(condition: Condition): string {
    const operator = booleanOperatorOf(condition);
    if (operator === 'not') return `(NOT ${this.node((condition as { not: Condition }).not)})`;
    if (operator === 'all' || operator === 'any') {
      const children = (condition as unknown as Record<string, Condition[]>)[operator];
      // json-rules-engine: an empty list is true for `any` as well as `all`
      if (children.length === 0) return 'true';
      return `(${children.map((child) => this.node(child)).join(operator === 'all' ? ' AND ' : ' OR ')})`;
    }
    return this.leaf(condition as FactCondition);
  }

  private leaf(leaf: FactCondition): string {
    if (leaf.path !== undefined || leaf.operator.includes(':')) throw new Untranslatable();
    const fact = leaf.fact;
    if (fact === 'segments') return this.segmentLeaf(leaf);
    if (TEXT_COLUMNS[fact]) return this.textLeaf(TEXT_COLUMNS[fact], leaf);
    if (NUMBER_COLUMNS[fact]) return this.numberLeaf(`${NUMBER_COLUMNS[fact]}::float8`, leaf);
    if (fact === 'emailConsent' && leaf.operator === 'equal' && typeof leaf.value === 'boolean') return `(c.email_consent = ${this.param(leaf.value, 'boolean')})`;
    const group = findFact(fact)?.group;
    if (group === 'features') {
      const column = featureColumn(fact.slice('features.'.length));
      if (!column) throw new Untranslatable();
      // PostgreSQL orders NaN above every number (and NaN = NaN); JavaScript compares it false: NULL
      return this.numberLeaf(`nullif(f.${column}, 'NaN'::float8)`, leaf);
    }
    if (group === 'scores') return this.numberLeaf(this.score(fact.slice('scores.'.length)), leaf);
    if (group === 'attributes' && fact !== 'attributes') return this.attributeLeaf(`c.attributes -> ${this.param(fact.slice('attributes.'.length), 'text')}`, leaf);
    throw new Untranslatable();
  }

  /** A text fact: present (a string) or missing (SQL NULL); JavaScript compares with ===. */
  private textLeaf(column: string, leaf: FactCondition): string {
    const { operator, value } = leaf;
    const strings = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
    switch (operator) {
      case 'equal':
        return typeof value === 'string' ? `coalesce(${column} = ${this.param(value, 'text')}, false)` : 'false';
      case 'notEqual':
        return typeof value === 'string' ? `coalesce(${column} <> ${this.param(value, 'text')}, true)` : 'true';
      case 'in':
        return `coalesce(${column} = ANY(${this.param(strings, 'text[]')}), false)`;
      case 'notIn':
        return `NOT coalesce(${column} = ANY(${this.param(strings, 'text[]')}), false)`;
      case 'startsWith':
        return `coalesce(starts_with(${column}, ${this.param(value, 'text')}), false)`;
      case 'endsWith':
        return `coalesce(right(${column}, length(${this.param(value, 'text')})) = ${this.param(value, 'text')}, false)`;
      case 'exists':
        return value === true ? `(${column} IS NOT NULL)` : `(${column} IS NULL)`;
      default:
        throw new Untranslatable();
    }
  }

  /** A numeric fact (`expression` is float8, NULL when missing or not a number the comparison accepts). */
  private numberLeaf(expression: string, leaf: FactCondition): string {
    const { operator, value } = leaf;
    const compare = (sqlOperator: string) => {
      if (typeof value !== 'number') throw new Untranslatable();
      return `coalesce(${expression} ${sqlOperator} ${this.param(value, 'float8')}, false)`;
    };
    const numbers = () => {
      if (!Array.isArray(value)) throw new Untranslatable();
      return this.param(value.filter((v): v is number => typeof v === 'number'), 'float8[]');
    };
    switch (operator) {
      case 'lessThan':
        return compare('<');
      case 'lessThanInclusive':
        return compare('<=');
      case 'greaterThan':
        return compare('>');
      case 'greaterThanInclusive':
        return compare('>=');
      case 'equal':
        return compare('=');
      case 'notEqual':
        if (typeof value !== 'number') throw new Untranslatable();
        return `coalesce(${expression} <> ${this.param(value, 'float8')}, true)`;
      case 'in':
        return `coalesce(${expression} = ANY(${numbers()}), false)`;
      case 'notIn':
        return `NOT coalesce(${expression} = ANY(${numbers()}), false)`;
      case 'between': {
        const [low, high] = value as [number, number];
        return `coalesce(${expression} BETWEEN ${this.param(low, 'float8')} AND ${this.param(high, 'float8')}, false)`;
      }
      default:
        throw new Untranslatable();
    }
  }

  /** A free attribute: only string comparisons (a JSON string is exactly a JavaScript string). */
  private attributeLeaf(json: string, leaf: FactCondition): string {
    const { operator, value } = leaf;
    const text = `(CASE WHEN jsonb_typeof(${json}) = 'string' THEN ${json} #>> '{}' END)`;
    if ((operator === 'equal' || operator === 'notEqual') && typeof value === 'string') return this.textLeaf(text, leaf);
    if ((operator === 'in' || operator === 'notIn') && Array.isArray(value) && value.every((v) => typeof v === 'string')) return this.textLeaf(text, leaf);
    throw new Untranslatable();
  }

  private segmentLeaf(leaf: FactCondition): string {
    if (leaf.operator !== 'inSegment' && leaf.operator !== 'notInSegment') throw new Untranslatable();
    const member = `EXISTS (SELECT 1 FROM segment_memberships x WHERE x.segment_id::text = ${this.param(String(leaf.value), 'text')} AND x.customer_id = c.id)`;
    return leaf.operator === 'inSegment' ? member : `(NOT ${member})`;
  }

  /** The customer's score of a model kind (as the reader picks it), NULL without an active model or score. */
  private score(kind: string): string {
    const model = this.context.activeModels.get(kind);
    if (!model) return 'NULL::float8';
    let alias = this.scoreJoins.get(kind);
    if (!alias) {
      alias = `sc${this.scoreJoins.size}`;
      this.scoreJoins.set(kind, alias);
      const ids = this.param(model.ids, 'int[]');
      this.joins.push(`LEFT JOIN LATERAL (SELECT s.score FROM customer_scores s WHERE s.customer_id = c.id AND s.model_version_id = ANY(${ids}) ORDER BY array_position(${ids}, s.model_version_id) LIMIT 1) ${alias} ON true`);
    }
    return `${alias}.score`;
  }

  readonly joins: string[] = [];
}

function ruleSql(condition: unknown, context: MatcherContext): MembershipSql | null {
  const translator = new RuleTranslator(context);
  try {
    const where = translator.node(condition as Condition);
    return { from: [CUSTOMERS_WITH_FACTS, ...translator.joins].join(' '), where, params: translator.params };
  } catch (error) {
    if (error instanceof Untranslatable) return null;
    throw error;
  }
}
