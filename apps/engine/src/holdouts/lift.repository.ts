// Counts behind the lift report, in PostgreSQL: each customer's first entry into the flow (held out
// or treated), whether they converted within the window, whether they were retained within the
// horizon, and the segments they were members of when they entered.
import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import { RETENTION_HORIZON_DAYS } from './lift.schemas';

export interface LiftCountRow {
  heldOut: boolean;
  customers: number;
  conversions: number;
  /** Customers whose retention horizon has passed. */
  matured: number;
  retained: number;
}

export interface SegmentLiftCountRow extends LiftCountRow {
  segmentId: number;
  segmentName: string;
}

@Injectable()
export class LiftRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Per customer: the first enrollment (a customer's group never changes: the assignment hashes
   * flow and customer). Converted: a purchase (positive amount, not a cancellation) or one of the
   * goal events after entering and within the window. Retained: a purchase within the horizon, for
   * customers whose horizon has passed by `now`.
   */
  private entrants(): string {
    return `firsts AS (
         SELECT DISTINCT ON (customer_id) customer_id, entered_at, status = 'held-out' AS held_out
         FROM enrollments WHERE flow_id = $1 AND entered_at <= $4
         ORDER BY customer_id, entered_at, id
       ), entrants AS (
         SELECT f.customer_id, f.entered_at, f.held_out,
                EXISTS (SELECT 1 FROM transactions t WHERE t.customer_id = f.customer_id AND t.amount > 0 AND NOT t.is_cancellation
                          AND t.occurred_at > f.entered_at AND t.occurred_at <= f.entered_at + make_interval(days => $2))
                OR EXISTS (SELECT 1 FROM events e WHERE e.customer_id = f.customer_id AND e.name = ANY($3::text[])
                          AND e.occurred_at > f.entered_at AND e.occurred_at <= f.entered_at + make_interval(days => $2)) AS converted,
                f.entered_at + make_interval(days => ${RETENTION_HORIZON_DAYS}) <= $4 AS matured,
                EXISTS (SELECT 1 FROM transactions t WHERE t.customer_id = f.customer_id AND t.amount > 0 AND NOT t.is_cancellation
                          AND t.occurred_at > f.entered_at AND t.occurred_at <= f.entered_at + make_interval(days => ${RETENTION_HORIZON_DAYS})) AS retained
         FROM firsts f
       )`;
  }

  private static readonly COUNTS = `count(*)::int AS customers, count(*) FILTER (WHERE converted)::int AS conversions,
       count(*) FILTER (WHERE matured)::int AS matured, count(*) FILTER (WHERE matured AND retained)::int AS retained`;

  /**
   * Overall counts per group, and the same counts within each segment the customers were in when
   * they entered (membership history: the last entry or exit at or before entering). One
   * statement, so each customer's purchases and events are looked up once.
   */
  async counts(flowId: number, windowDays: number, goalEvents: string[], now: Date): Promise<{ overall: LiftCountRow[]; segments: SegmentLiftCountRow[] }> {
    const { rows } = await this.prisma.pool.query<LiftCountRow & { segmentId: number | null; segmentName: string | null }>(
      `WITH ${this.entrants()}, materialized_entrants AS MATERIALIZED (SELECT * FROM entrants)
       SELECT NULL::int AS "segmentId", NULL::text AS "segmentName", held_out AS "heldOut", ${LiftRepository.COUNTS}
       FROM materialized_entrants GROUP BY held_out
       UNION ALL
       SELECT s.id, s.name, x.held_out, ${LiftRepository.COUNTS}
       FROM materialized_entrants x
       JOIN LATERAL (
         SELECT DISTINCT ON (m.segment_id) m.segment_id, m.kind FROM segment_membership_events m
         WHERE m.customer_id = x.customer_id AND m.at <= x.entered_at
         ORDER BY m.segment_id, m.at DESC, m.id DESC
       ) membership ON membership.kind = 'entered'
       JOIN segments s ON s.id = membership.segment_id
       GROUP BY s.id, s.name, x.held_out`,
      [flowId, windowDays, goalEvents, now],
    );
    const overall = rows.filter((row) => row.segmentId === null).map(({ heldOut, customers, conversions, matured, retained }) => ({ heldOut, customers, conversions, matured, retained }));
    const segments = rows
      .filter((row): row is SegmentLiftCountRow => row.segmentId !== null)
      .sort((a, b) => a.segmentName.localeCompare(b.segmentName) || a.segmentId - b.segmentId);
    return { overall, segments };
  }
}
