import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';

export interface IdentifyRow {
  month: number;
  /** Median days from the risk signal to the entry, over entries with a signal. */
  medianDays: number | null;
  /** Entries with a risk signal (at least two distinct purchase days before the entry). */
  withSignal: number;
  /** Entries into an at-risk segment. */
  entries: number;
}

/**
 * Time to identify an at-risk customer (definition in libs/experiments/README.md): for each entry into
 * an at-risk segment (a churn score band segment or a replay's weekly flags, or the segments asked for), the risk signal is the
 * customer's last purchase day before the entry plus the median gap between their distinct purchase
 * days (UTC) before it; the time is entry − signal in days, 0 if flagged before the signal. Entry times
 * are in data time (the as-of of the facts the entry was decided from): on historical data the
 * refresh that flagged a customer may run years after the facts it read.
 */
@Injectable()
export class TimeToIdentifyRepository {
  constructor(private readonly prisma: PrismaService) {}

  async monthly(segmentIds: number[] | null): Promise<IdentifyRow[]> {
    const { rows } = await this.prisma.pool.query<IdentifyRow>(
      `WITH flagged AS (
         -- data time: the as-of of the facts the entry was decided from (rows from before that column: the refresh time)
         SELECT e.id, e.customer_id, coalesce(e.as_of, e.at) AS at
         FROM segment_membership_events e JOIN segments s ON s.id = e.segment_id
         WHERE e.kind = 'entered'
           AND (CASE WHEN $1::int[] IS NULL THEN s.kind = 'scoreBand' OR s.id IN (SELECT flag_segment_id FROM replays WHERE flag_segment_id IS NOT NULL) ELSE s.id = ANY($1::int[]) END)
       ),
       entries AS (
         SELECT id, customer_id, at, (extract(year FROM at AT TIME ZONE 'UTC')::int * 12 + extract(month FROM at AT TIME ZONE 'UTC')::int - 1) AS m FROM flagged
       ),
       purchase_days AS (
         SELECT DISTINCT en.id AS entry_id, (t.occurred_at AT TIME ZONE 'UTC')::date AS day
         FROM entries en JOIN transactions t ON t.customer_id = en.customer_id AND t.occurred_at < en.at
         WHERE t.amount > 0 AND NOT t.is_cancellation AND NOT t.is_return
       ),
       gaps AS (
         SELECT entry_id, day, day - lag(day) OVER (PARTITION BY entry_id ORDER BY day) AS gap FROM purchase_days
       ),
       signals AS (
         SELECT entry_id, (max(day)::timestamp AT TIME ZONE 'UTC') + percentile_cont(0.5) WITHIN GROUP (ORDER BY gap) * interval '1 day' AS signal_at
         FROM gaps GROUP BY entry_id HAVING count(gap) >= 1
       )
       -- percentile_cont skips NULLs: entries without a signal count in the entries column only
       SELECT en.m AS month,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY CASE WHEN s.signal_at IS NOT NULL THEN greatest(0, extract(epoch FROM en.at - s.signal_at) / 86400) END) AS "medianDays",
              count(s.entry_id)::int AS "withSignal",
              count(*)::int AS entries
       FROM entries en LEFT JOIN signals s ON s.entry_id = en.id
       GROUP BY en.m ORDER BY en.m`,
      [segmentIds],
    );
    return rows.map((row) => ({ ...row, month: Number(row.month), medianDays: row.medianDays === null ? null : Number(row.medianDays) }));
  }
}
