import type { PoolClient } from 'pg';

/** An anonymous customer (`source`) found to be a known one (`target`). */
export interface CustomerMerge {
  source: number;
  target: number;
}

/** Columns the anonymous customer may fill in; the known customer's values win. */
const FILLABLE_COLUMNS = ['email', 'name', 'age', 'country', 'city', 'occupation', 'plan', 'signup_at', 'time_zone'] as const;

/**
 * Moves everything of each anonymous customer to its known customer, merges the attributes
 * (known wins) and deletes the anonymous row, inside the caller's transaction.
 *
 * The caller must have locked the anonymous rows FOR UPDATE (see identity-resolver): that waits for any transaction still inserting
 * events for them (its foreign-key check holds a KEY SHARE lock), so their events are moved too,
 * and makes later inserts for them fail with a foreign-key error that re-runs that request,
 * which then finds the alias on the known customer. Deleting without that lock could cascade
 * away another request's events.
 */
export async function mergeAnonymousCustomers(client: PoolClient, merges: readonly CustomerMerge[]): Promise<void> {
  if (merges.length === 0) return;
  const sources = merges.map((m) => m.source);
  const targets = [...new Set(merges.map((m) => m.target))];

  await client.query('SELECT id FROM customers WHERE id = ANY($1::int[]) ORDER BY id FOR NO KEY UPDATE', [targets]);

  const pairs = [sources, merges.map((m) => m.target)];
  // "= ANY($1)" beside the join lets the planner use the customer_id indexes; a join on unnest
  // alone is estimated badly and can scan the whole events table.
  for (const table of ['events', 'transactions', 'identity_aliases']) {
    await client.query(
      `UPDATE ${table} t SET customer_id = m.target FROM unnest($1::int[], $2::int[]) AS m(source, target) WHERE t.customer_id = ANY($1::int[]) AND t.customer_id = m.source`,
      pairs,
    );
  }

  // UPDATE ... FROM applies one source row per target: several anonymous customers of one known customer take rounds.
  for (const round of rounds(merges)) {
    await client.query(
      `UPDATE customers k SET
         ${FILLABLE_COLUMNS.map((c) => `${c} = COALESCE(k.${c}, s.${c})`).join(',\n         ')},
         attributes = s.attributes || k.attributes,
         updated_at = now()
       FROM unnest($1::int[], $2::int[]) AS m(source, target) JOIN customers s ON s.id = m.source
       WHERE k.id = ANY($2::int[]) AND k.id = m.target`,
      [round.map((m) => m.source), round.map((m) => m.target)],
    );
  }
  await client.query('DELETE FROM customers WHERE id = ANY($1::int[])', [sources]);
}

function rounds(merges: readonly CustomerMerge[]): CustomerMerge[][] {
  const result: { merges: CustomerMerge[]; targets: Set<number> }[] = [];
  for (const merge of merges) {
    let round = result.find((r) => !r.targets.has(merge.target));
    if (!round) result.push((round = { merges: [], targets: new Set() }));
    round.merges.push(merge);
    round.targets.add(merge.target);
  }
  return result.map((r) => r.merges);
}
