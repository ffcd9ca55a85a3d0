import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';

export interface SegmentWeekRow {
  segmentId: number;
  segmentName: string;
  /** Monday 00:00 UTC of the ISO week. */
  week: Date;
  /** Members at the start of the week. */
  startSize: number;
  /** Members at the end of the week. */
  size: number;
  entered: number;
  exited: number;
  /** Mean churn score of the members at the end of the week (model version active then), null without one. */
  meanRisk: number | null;
  /** Members at the end of the week that have that score. */
  scored: number;
}

/**
 * Segment health per ISO week, rebuilt from the membership history: every entry opens a membership
 * interval that the next exit closes. Size = intervals open at the week's end; churn = exits during
 * the week over members at its start; mean risk = mean score, from the churn model version that was
 * active at the week's end (the latest activated by then), of the members then.
 */
@Injectable()
export class SegmentHealthRepository {
  constructor(private readonly prisma: PrismaService) {}

  async weekly(segmentIds: number[] | null, weeks: number): Promise<SegmentWeekRow[]> {
    const { rows } = await this.prisma.pool.query<SegmentWeekRow>(
      `WITH history AS (
         SELECT e.segment_id, e.customer_id, e.kind, e.at,
                lead(e.at) OVER (PARTITION BY e.segment_id, e.customer_id ORDER BY e.at, e.id) AS next_at
         FROM segment_membership_events e
         WHERE $1::int[] IS NULL OR e.segment_id = ANY($1::int[])
       ),
       intervals AS (SELECT segment_id, customer_id, at AS from_at, next_at AS to_at FROM history WHERE kind = 'entered'),
       last_week AS (SELECT date_trunc('week', max(at) AT TIME ZONE 'UTC') AS start_utc FROM segment_membership_events),
       weeks AS (
         SELECT (ws AT TIME ZONE 'UTC') AS week_start, ((ws + interval '7 days') AT TIME ZONE 'UTC') AS week_end
         FROM last_week, generate_series(last_week.start_utc - ($2::int - 1) * interval '7 days', last_week.start_utc, interval '7 days') AS ws
       ),
       segment_weeks AS (
         SELECT s.id AS segment_id, s.name, w.week_start, w.week_end FROM segments s CROSS JOIN weeks w
         WHERE ($1::int[] IS NULL OR s.id = ANY($1::int[])) AND s.archived_at IS NULL
           AND EXISTS (SELECT 1 FROM segment_membership_events x WHERE x.segment_id = s.id AND x.at < w.week_end)
       ),
       members_at_end AS (
         SELECT sw.segment_id, sw.week_start, i.customer_id, sw.week_end
         FROM segment_weeks sw JOIN intervals i ON i.segment_id = sw.segment_id AND i.from_at < sw.week_end AND (i.to_at IS NULL OR i.to_at >= sw.week_end)
       ),
       model_at_end AS (
         SELECT sw.week_end, (
           SELECT mv.id FROM model_versions mv WHERE mv.kind = 'churn' AND mv.activated_at IS NOT NULL AND mv.activated_at < sw.week_end ORDER BY mv.activated_at DESC LIMIT 1
         ) AS model_version_id
         FROM (SELECT DISTINCT week_end FROM segment_weeks) sw
       ),
       risk AS (
         SELECT m.segment_id, m.week_start, avg(cs.score) AS mean_risk, count(cs.score)::int AS scored
         FROM members_at_end m JOIN model_at_end me ON me.week_end = m.week_end
         JOIN customer_scores cs ON cs.customer_id = m.customer_id AND cs.model_version_id = me.model_version_id
         GROUP BY 1, 2
       ),
       weekly_changes AS (
         SELECT segment_id, (date_trunc('week', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC') AS week_start,
                count(*) FILTER (WHERE kind = 'entered')::int AS entered, count(*) FILTER (WHERE kind = 'exited')::int AS exited
         FROM segment_membership_events WHERE $1::int[] IS NULL OR segment_id = ANY($1::int[])
         GROUP BY 1, 2
       ),
       sizes AS (SELECT segment_id, week_start, count(*)::int AS size FROM members_at_end GROUP BY 1, 2)
       -- members at the start = at the end, minus who entered, plus who exited (entries and exits alternate per customer)
       SELECT sw.segment_id AS "segmentId", sw.name AS "segmentName", sw.week_start AS week,
              (coalesce(z.size, 0) - coalesce(c.entered, 0) + coalesce(c.exited, 0))::int AS "startSize",
              coalesce(z.size, 0) AS size, coalesce(c.entered, 0) AS entered, coalesce(c.exited, 0) AS exited,
              r.mean_risk::float8 AS "meanRisk", coalesce(r.scored, 0) AS scored
       FROM segment_weeks sw
       LEFT JOIN sizes z ON z.segment_id = sw.segment_id AND z.week_start = sw.week_start
       LEFT JOIN weekly_changes c ON c.segment_id = sw.segment_id AND c.week_start = sw.week_start
       LEFT JOIN risk r ON r.segment_id = sw.segment_id AND r.week_start = sw.week_start
       ORDER BY sw.segment_id, sw.week_start`,
      [segmentIds, weeks],
    );
    return rows;
  }
}
