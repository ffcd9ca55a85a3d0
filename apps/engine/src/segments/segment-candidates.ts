// Which customers a full refresh evaluates for a segment whose membership test SQL cannot express
// (see segment-sql.ts): a manual list's customers (with the current members, who may leave), or
// everyone for a rule segment. RFM, cluster and score-band segments never get here: SQL tests them.
import type { StoredDefinition } from './segments.schemas';

export interface CandidateQuery {
  sql: string;
  params: unknown[];
}

/** A query returning `customer_id` for every customer that may match (more is fine, fewer is not); null = evaluate everyone. */
export function candidateQuery(stored: StoredDefinition): CandidateQuery | null {
  if (stored.kind !== 'manual') return null;
  return { sql: 'SELECT unnest($1::int[]) AS customer_id', params: [stored.definition.customerIds] };
}
