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
  // before enrollments move: which of them go on is decided by whose they were
  await endEnrollmentsThatCannotGoOn(client, pairs);
  // "= ANY($1)" beside the join lets the planner use the customer_id indexes; a join on unnest
  // alone is estimated badly and can scan the whole events table.
  for (const table of MOVED_TABLES) {
    await client.query(
      `UPDATE ${table} t SET customer_id = m.target FROM unnest($1::int[], $2::int[]) AS m(source, target) WHERE t.customer_id = ANY($1::int[]) AND t.customer_id = m.source`,
      pairs,
    );
  }
  await joinSegments(client, pairs);

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

/**
 * Everything of the anonymous customer that moves to the known one: its history, its journeys with
 * what they did, its segment history and its events still staged for flows (deleting the row would
 * cascade some away and leave the rest, which have no foreign key, pointing at nobody). Derived
 * rows (features, churn scores) are not moved: they are recomputed from the merged data.
 */
const MOVED_TABLES = ['events', 'transactions', 'identity_aliases', 'enrollments', 'flow_outcomes', 'deliveries', 'offers', 'segment_membership_events', 'flow_event_outbox'] as const;

/**
 * Where the visitor is in a journey, unfinished, in which the known customer is also unfinished or
 * was held out, only one can go on (one unfinished enrollment per customer and journey; a held-out
 * customer must stay untreated for the lift report): the known customer's, or else the visitor's
 * earliest. The visitor's others exit, recorded as an `exited` outcome with reason "merged" and the
 * arm they were in.
 */
async function endEnrollmentsThatCannotGoOn(client: PoolClient, pairs: number[][]): Promise<void> {
  const { rows: ended } = await client.query<{ id: string }>(
    `WITH m AS (SELECT * FROM unnest($1::int[], $2::int[]) AS m(source, target)),
     contenders AS (
       SELECT e.id, e.flow_id, coalesce(m.target, e.customer_id) AS owner, m.source IS NULL AS known, e.entered_at
         FROM enrollments e LEFT JOIN m ON m.source = e.customer_id
        WHERE (e.status IN ('active', 'waiting') AND e.customer_id = ANY($1::int[]))
           OR (e.status IN ('active', 'waiting', 'held-out') AND e.customer_id = ANY($2::int[]))
     ),
     ranked AS (SELECT id, known, row_number() OVER (PARTITION BY flow_id, owner ORDER BY known DESC, entered_at, id) AS rank FROM contenders)
     UPDATE enrollments e SET status = 'exited', finished_at = now(), next_due_at = NULL, wait_event_name = NULL, updated_at = now()
       FROM ranked r WHERE e.id = r.id AND r.rank > 1 AND NOT r.known AND e.status IN ('active', 'waiting') -- rechecked if a step finished it meanwhile
     RETURNING e.id::text AS id`,
    pairs,
  );
  if (!ended.length) return;
  // the arm: the latest the enrollment recorded (every outcome after an A/B split carries it)
  await client.query(
    `INSERT INTO flow_outcomes (enrollment_id, flow_id, flow_version_id, node_id, customer_id, kind, variant_id, experiment_key, occurred_at, detail)
     SELECT e.id, e.flow_id, e.flow_version_id, e.current_node_id, e.customer_id, 'exited', arm.variant_id, arm.experiment_key, now(), jsonb_build_object('reason', 'merged')
       FROM enrollments e
       LEFT JOIN LATERAL (SELECT variant_id, experiment_key FROM flow_outcomes o WHERE o.enrollment_id = e.id AND o.variant_id IS NOT NULL ORDER BY o.id DESC LIMIT 1) arm ON true
      WHERE e.id = ANY($1::bigint[])`,
    [ended.map((row) => row.id)],
  );
}

/** The known customer joins the anonymous one's segments (the next refresh decides on the merged data); the anonymous rows go with the customer row. */
async function joinSegments(client: PoolClient, pairs: number[][]): Promise<void> {
  await client.query(
    `INSERT INTO segment_memberships (segment_id, customer_id, entered_at)
     SELECT s.segment_id, m.target, s.entered_at FROM segment_memberships s JOIN unnest($1::int[], $2::int[]) AS m(source, target) ON m.source = s.customer_id
      WHERE s.customer_id = ANY($1::int[])
     ON CONFLICT DO NOTHING`,
    pairs,
  );
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
