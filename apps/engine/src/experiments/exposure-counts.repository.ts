import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';

/** Exposures and attributed conversions of one arm of one split, within one flow version. */
export interface ArmCountRow {
  nodeId: string;
  experimentKey: string;
  variantId: string;
  flowVersionId: number;
  exposures: number;
  /** Exposures before the split's promotion decision (all of them without one): the sample-ratio check uses these. */
  exposuresBeforeDecision: number;
  conversions: number;
}

/**
 * Counts exposures and conversions per arm with SQL aggregates.
 *
 * - An exposure is an `entered` outcome at an abSplit node (it carries the arm).
 * - A conversion is any of: a `goal-reached`, `converted` or `redeemed` outcome; a purchase (a
 *   transaction with a positive amount, not a cancellation or return); an event named like one of the
 *   flow's goals; an offer redemption — of the exposed customer.
 * - Attribution is last touch: each conversion goes to the customer's latest exposure (of any split
 *   of any flow) strictly before it, and counts only if it happened within the window after that
 *   exposure. An exposure converts at most once.
 */
@Injectable()
export class ExposureCountsRepository {
  private offersTable: Promise<boolean> | undefined;

  constructor(private readonly prisma: PrismaService) {}

  async countArms(flowId: number, goalEventNames: string[], windowDays: number): Promise<ArmCountRow[]> {
    const withOffers = await this.hasOffersTable();
    const sql = `
      WITH ab_nodes AS (
        SELECT fv.id AS flow_version_id, fv.flow_id, node->>'id' AS node_id
        FROM flow_versions fv CROSS JOIN LATERAL jsonb_array_elements(fv.definition->'nodes') AS node
        WHERE node->>'type' = 'abSplit'
      ),
      exposures AS (
        SELECT o.id, o.node_id, o.experiment_key, o.variant_id, o.flow_version_id, o.customer_id, o.occurred_at
        FROM flow_outcomes o
        JOIN ab_nodes a ON a.flow_version_id = o.flow_version_id AND a.node_id = o.node_id
        WHERE o.flow_id = $1 AND o.kind = 'entered' AND o.variant_id IS NOT NULL AND o.experiment_key IS NOT NULL
      ),
      exposed AS (SELECT DISTINCT customer_id FROM exposures),
      touches AS (
        SELECT o.id, o.customer_id, o.occurred_at
        FROM flow_outcomes o
        JOIN ab_nodes a ON a.flow_version_id = o.flow_version_id AND a.node_id = o.node_id
        WHERE o.kind = 'entered' AND o.variant_id IS NOT NULL AND o.customer_id IN (SELECT customer_id FROM exposed)
      ),
      first_exposure AS (SELECT min(occurred_at) AS at FROM exposures),
      conversions AS (
        SELECT t.customer_id, t.occurred_at AS at FROM transactions t
        WHERE t.customer_id IN (SELECT customer_id FROM exposed) AND t.amount > 0 AND NOT t.is_cancellation AND NOT t.is_return
          AND t.occurred_at > (SELECT at FROM first_exposure)
        UNION
        SELECT o.customer_id, o.occurred_at FROM flow_outcomes o
        WHERE o.kind IN ('goal-reached', 'converted', 'redeemed') AND o.customer_id IN (SELECT customer_id FROM exposed)
        UNION
        SELECT e.customer_id, e.occurred_at FROM events e
        WHERE e.name = ANY($2::text[]) AND e.customer_id IN (SELECT customer_id FROM exposed) AND e.occurred_at > (SELECT at FROM first_exposure)
        ${withOffers ? `UNION SELECT f.customer_id, f.redeemed_at FROM offers f WHERE f.redeemed_at IS NOT NULL AND f.customer_id IN (SELECT customer_id FROM exposed)` : ''}
      ),
      -- Last touch without a lookup per conversion: one timeline per customer (at equal times a
      -- conversion sorts before a touch, so a touch must be strictly earlier); the running count of
      -- touches numbers the stretches between touches, and each stretch belongs to the touch opening it.
      timeline AS (
        SELECT customer_id, occurred_at AS at, 1 AS is_touch, id AS touch_id FROM touches
        UNION ALL
        SELECT customer_id, at, 0, NULL FROM conversions
      ),
      stretches AS (
        SELECT customer_id, at, is_touch, touch_id,
               count(touch_id) OVER (PARTITION BY customer_id ORDER BY at, is_touch, touch_id ROWS UNBOUNDED PRECEDING) AS stretch
        FROM timeline
      ),
      attributed AS (
        SELECT at, is_touch, max(touch_id) OVER (PARTITION BY customer_id, stretch) AS touch_id FROM stretches
      ),
      converted AS (
        SELECT DISTINCT e.id FROM attributed a JOIN exposures e ON e.id = a.touch_id
        WHERE a.is_touch = 0 AND a.at <= e.occurred_at + make_interval(secs => $3::double precision)
      )
      SELECT e.node_id AS "nodeId", e.experiment_key AS "experimentKey", e.variant_id AS "variantId", e.flow_version_id AS "flowVersionId",
             count(*)::int AS exposures,
             (count(*) FILTER (WHERE d.decided_at IS NULL OR e.occurred_at < d.decided_at))::int AS "exposuresBeforeDecision",
             count(c.id)::int AS conversions
      FROM exposures e
      LEFT JOIN converted c ON c.id = e.id
      LEFT JOIN experiment_decisions d ON d.flow_id = $1 AND d.node_id = e.node_id AND d.experiment_key = e.experiment_key
      GROUP BY 1, 2, 3, 4
      ORDER BY 1, 2, 3, 4`;
    const { rows } = await this.prisma.pool.query<ArmCountRow>(sql, [flowId, goalEventNames, windowDays * 86_400]);
    return rows;
  }

  /** The channels migration adds offers; until it is applied, redemptions simply do not count. */
  private hasOffersTable(): Promise<boolean> {
    this.offersTable ??= this.prisma.pool.query<{ exists: boolean }>(`SELECT to_regclass('public.offers') IS NOT NULL AS exists`).then((result) => result.rows[0].exists);
    return this.offersTable;
  }
}
