// Builds the flat facts object a segment rule is evaluated against, from one customer's rows.
// Pure: the reader fetches the rows in pages, this shapes them (names from fact-catalogue.ts).
import type { Facts } from '@retain/rules';

/** One customer as the reader returns it; parts the segments do not need are left out (undefined). */
export interface CustomerFactsRow {
  id: number;
  externalId?: string | null;
  email?: string | null;
  name?: string | null;
  age?: number | null;
  country?: string | null;
  city?: string | null;
  occupation?: string | null;
  plan?: string | null;
  timeZone?: string | null;
  signupAt?: Date | null;
  emailConsent?: boolean;
  createdAt?: Date;
  attributes?: Record<string, unknown> | null;
  features?: Record<string, unknown> | null;
  recencyScore?: number | null;
  frequencyScore?: number | null;
  monetaryScore?: number | null;
  rfmSegment?: string | null;
  cluster?: number | null;
  clusterLabel?: string | null;
}

export interface CustomerScoreFact {
  score: number;
  modelVersionId: number;
}

const COLUMNS = ['externalId', 'email', 'name', 'age', 'country', 'city', 'occupation', 'plan', 'timeZone', 'signupAt', 'emailConsent', 'createdAt'] as const;

/**
 * Null columns become missing facts, as json-rules-engine sees a missing fact (undefined): a rule
 * `country notEqual "France"` then matches customers with no country, like the engine does.
 */
export function buildCustomerFacts(row: CustomerFactsRow, scores?: ReadonlyMap<string, CustomerScoreFact>, segmentIds?: readonly string[]): Facts {
  const facts: Record<string, unknown> = { id: row.id };
  for (const column of COLUMNS) {
    const value = row[column];
    if (value !== undefined && value !== null) facts[column] = value;
  }
  if (row.attributes && typeof row.attributes === 'object' && !Array.isArray(row.attributes)) {
    facts.attributes = row.attributes;
    for (const key of Object.keys(row.attributes)) facts[`attributes.${key}`] = row.attributes[key];
  }
  if (row.features && typeof row.features === 'object' && !Array.isArray(row.features)) {
    for (const key of Object.keys(row.features)) facts[`features.${key}`] = row.features[key];
  }
  if (row.recencyScore != null) facts['rfm.recency'] = row.recencyScore;
  if (row.frequencyScore != null) facts['rfm.frequency'] = row.frequencyScore;
  if (row.monetaryScore != null) facts['rfm.monetary'] = row.monetaryScore;
  if (row.rfmSegment != null) facts['rfm.segment'] = row.rfmSegment;
  if (row.cluster != null) facts.cluster = row.cluster;
  if (row.clusterLabel != null) facts.clusterLabel = row.clusterLabel;
  if (scores) for (const [kind, score] of scores) facts[`scores.${kind}`] = score.score;
  if (segmentIds) facts.segments = segmentIds;
  return facts;
}
