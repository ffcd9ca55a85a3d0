// What a replay did, counted from the runtime's own records (enrollments and flow_outcomes).
import type { PrismaService } from '../database/prisma.service';

export interface ReplayArm {
  experimentKey: string;
  variantId: string;
  /** Customers who entered the arm (the A/B split's `entered` outcomes). */
  exposures: number;
  /** Of them, customers whose goal was reached by a real purchase. */
  conversions: number;
  rate: number;
}

export interface ReplaySummary {
  flowId: number;
  from: string;
  /** The segment's members as of the cutoff, offered to the flow. */
  cohort: number;
  enrolled: number;
  /** Enrollments per final status (completed, exited, waiting...). */
  statuses: Record<string, number>;
  arms: ReplayArm[];
  goalsReached: number;
  goalsMissed: number;
  /** Email steps: sent, skipped (no address or consent), failed (no SMTP server). */
  emails: Record<string, number>;
  offers: number;
  /** Until when the replay moved the runtime's clock. */
  steppedUntil: string;
  /** Customers whose purchases were not fed because another flow waits for their purchase (see ReplayStepper). */
  purchasesWithheld: number;
  modelVersionId: number | null;
  modelRocAuc: number | null;
  /** Customers offered to the flow over all weeks (the cutoff's members and each later week's entrants). */
  entrants?: number;
  /** The replay's weekly at-risk flags (time to identify): its segment and the entries in it. */
  flags?: { segmentId: number; entries: number };
  /** Sent emails followed by a real purchase within 7 days, recorded as clicks on them. */
  clicksFromPurchases?: number;
}

export async function replaySummary(
  prisma: PrismaService,
  base: { flowId: number; from: Date; cohort: number; steppedUntil: Date; purchasesWithheld: number; modelVersionId: number | null; modelRocAuc: number | null },
): Promise<ReplaySummary> {
  const { flowId } = base;
  const { rows: statuses } = await prisma.pool.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM enrollments WHERE flow_id = $1 GROUP BY status ORDER BY status', [flowId]);
  const { rows: arms } = await prisma.pool.query<{ experimentKey: string; variantId: string; exposures: number; conversions: number }>(
    `WITH exposed AS (
       SELECT o.experiment_key, o.variant_id, o.customer_id FROM flow_outcomes o
       JOIN flow_versions v ON v.id = o.flow_version_id
       CROSS JOIN LATERAL jsonb_array_elements(v.definition->'nodes') AS node
       WHERE o.flow_id = $1 AND o.kind = 'entered' AND o.variant_id IS NOT NULL AND node->>'id' = o.node_id AND node->>'type' = 'abSplit'
     )
     SELECT e.experiment_key AS "experimentKey", e.variant_id AS "variantId", count(DISTINCT e.customer_id)::int AS exposures,
            count(DISTINCT g.customer_id)::int AS conversions
       FROM exposed e
       LEFT JOIN flow_outcomes g ON g.flow_id = $1 AND g.kind = 'goal-reached' AND g.customer_id = e.customer_id AND g.variant_id = e.variant_id
      GROUP BY 1, 2 ORDER BY 1, 2`,
    [flowId],
  );
  const { rows: kinds } = await prisma.pool.query<{ kind: string; type: string; n: number }>(
    `SELECT o.kind, node->>'type' AS type, count(*)::int AS n FROM flow_outcomes o
       JOIN flow_versions v ON v.id = o.flow_version_id
       CROSS JOIN LATERAL jsonb_array_elements(v.definition->'nodes') AS node
      WHERE o.flow_id = $1 AND node->>'id' = o.node_id AND o.kind IN ('goal-reached', 'goal-missed', 'sent', 'skipped', 'failed', 'duplicate')
      GROUP BY 1, 2`,
    [flowId],
  );
  const count = (kind: string, type?: string) => kinds.filter((k) => k.kind === kind && (!type || k.type === type)).reduce((sum, k) => sum + k.n, 0);
  const emails: Record<string, number> = {};
  for (const k of kinds) if (k.type === 'email') emails[k.kind] = (emails[k.kind] ?? 0) + k.n;
  return {
    flowId,
    from: base.from.toISOString(),
    cohort: base.cohort,
    enrolled: statuses.reduce((sum, s) => sum + s.n, 0),
    statuses: Object.fromEntries(statuses.map((s) => [s.status, s.n])),
    arms: arms.map((a) => ({ ...a, rate: a.exposures ? a.conversions / a.exposures : 0 })),
    goalsReached: count('goal-reached'),
    goalsMissed: count('goal-missed'),
    emails,
    offers: count('sent', 'offer'),
    steppedUntil: base.steppedUntil.toISOString(),
    purchasesWithheld: base.purchasesWithheld,
    modelVersionId: base.modelVersionId,
    modelRocAuc: base.modelRocAuc,
  };
}
