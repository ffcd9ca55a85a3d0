// Which SQL expression yields each fact, so a refresh reads only the facts its segments use
// (`f.recency_days` rather than every feature of every customer). Pure: the reader
// runs the SELECT this builds and turns each row into the flat facts object with rowToFacts.
import type { Facts } from '@retain/rules';
import { featureColumn } from '../analytics/feature-columns';
import { findFact } from './fact-catalogue';

const COLUMN_OF: Record<string, string> = {
  externalId: 'c.external_id', email: 'c.email', name: 'c.name', age: 'c.age', country: 'c.country', city: 'c.city', occupation: 'c.occupation', plan: 'c.plan',
  timeZone: 'c.time_zone', signupAt: 'c.signup_at', emailConsent: 'c.email_consent', createdAt: 'c.created_at', attributes: 'c.attributes',
  'rfm.recency': 'f.recency_score', 'rfm.frequency': 'f.frequency_score', 'rfm.monetary': 'f.monetary_score', 'rfm.segment': 'f.rfm_segment', cluster: 'f.cluster', clusterLabel: 'f.cluster_label',
};

export interface FactProjection {
  /** Catalogue fact names read from the customers and customer_facts row, in select order (column `f0`, `f1`, …). */
  columns: string[];
  /** SELECT list after `c.id`, with `$n` parameters starting at `firstParam`. */
  selectList: string;
  params: string[];
  joinsFacts: boolean;
  scores: string[];
  segments: boolean;
}

/** The projection for a set of catalogue fact names; unknown names are ignored (validated at save). */
export function projectFacts(factNames: Iterable<string>, firstParam: number): FactProjection {
  const columns: string[] = [];
  const parts: string[] = [];
  const params: string[] = [];
  const scores: string[] = [];
  let joinsFacts = false;
  let segments = false;
  for (const name of new Set(factNames)) {
    const group = findFact(name)?.group;
    if (!group) continue;
    if (group === 'scores') scores.push(name.slice('scores.'.length));
    else if (group === 'segments') segments = true;
    else {
      let sql: string | undefined = COLUMN_OF[name];
      if (!sql && group === 'attributes') sql = `c.attributes -> $${firstParam + params.push(name.slice('attributes.'.length)) - 1}`;
      if (!sql && group === 'features') sql = featureSql(name);
      if (!sql) continue;
      if (sql.startsWith('f.')) joinsFacts = true;
      parts.push(`${sql} AS f${columns.length}`);
      columns.push(name);
    }
  }
  return { columns, selectList: parts.map((p) => `, ${p}`).join(''), params, joinsFacts, scores, segments };
}

/** A feature's column; only catalogue names reach here, so the column exists. */
function featureSql(name: string): string | undefined {
  const column = featureColumn(name.slice('features.'.length));
  return column ? `f.${column}` : undefined;
}

/** SQL NULL (no value, no customer_facts row, no such key) becomes a missing fact, as json-rules-engine sees undefined. */
export function rowToFacts(row: Record<string, unknown>, columns: readonly string[], scores?: ReadonlyMap<string, { score: number; modelVersionId: number }>, segmentIds?: readonly string[]): Facts {
  const facts: Record<string, unknown> = { id: row.id };
  for (let i = 0; i < columns.length; i++) {
    const value = row[`f${i}`];
    if (value !== null && value !== undefined) facts[columns[i]] = value;
  }
  // `modelVersion.<kind>` is not in the catalogue (rules cannot use it): it records which version scored the customer
  if (scores) {
    for (const [kind, { score, modelVersionId }] of scores) {
      facts[`scores.${kind}`] = score;
      facts[`modelVersion.${kind}`] = modelVersionId;
    }
  }
  if (segmentIds) facts.segments = segmentIds;
  return facts;
}
