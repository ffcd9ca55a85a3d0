// Which customers a full refresh needs to evaluate for a segment: for kinds whose test is a plain
// column comparison (RFM segment or R score, cluster, score band, manual list) one indexed query
// yields a superset of the members, so the refresh reads those customers (and the current members,
// who may leave) instead of paging through every customer. Rule segments have no such query.
import type { StoredDefinition } from './segments.schemas';
import type { MatcherContext } from './segment-matcher';

export interface CandidateQuery {
  sql: string;
  params: unknown[];
}

/** A query returning `customer_id` for every customer that may match (more is fine, fewer is not); null = evaluate everyone. */
export function candidateQuery(stored: StoredDefinition, context: MatcherContext): CandidateQuery | null {
  switch (stored.kind) {
    case 'rule':
      return null;
    case 'rfm':
      return 'segments' in stored.definition
        ? { sql: 'SELECT customer_id FROM customer_facts WHERE rfm_segment = ANY($1::text[])', params: [stored.definition.segments] }
        : { sql: 'SELECT customer_id FROM customer_facts WHERE recency_score = ANY($1::int[])', params: [[...new Set(stored.definition.cells.map((cell) => cell.r))]] };
    case 'cluster':
      return { sql: 'SELECT customer_id FROM customer_facts WHERE cluster = ANY($1::int[])', params: [stored.definition.clusters] };
    case 'scoreBand': {
      const model = context.activeModels.get(stored.definition.model);
      // without an active model nobody is in the band: the current members are evaluated (and leave)
      if (!model) return { sql: 'SELECT NULL::int AS customer_id WHERE false', params: [] };
      return {
        sql: 'SELECT DISTINCT customer_id FROM customer_scores WHERE model_version_id = ANY($1::int[]) AND score >= $2::float8 AND score <= $3::float8',
        params: [model.ids, stored.definition.min ?? -1, stored.definition.max ?? 2],
      };
    }
    case 'manual':
      return { sql: 'SELECT unnest($1::int[]) AS customer_id', params: [stored.definition.customerIds] };
  }
}
