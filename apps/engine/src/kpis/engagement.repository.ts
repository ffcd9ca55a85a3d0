import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import { REPLAY_CLICK_URL, REPLAY_ENGAGEMENT_NOTE } from '../replay/replay-engagement';
import type { MonthRow } from './purchase-kpis.repository';

export interface EngagementRows {
  rows: MonthRow[];
  /** Why the series is empty, or a caveat about it. */
  reason: string | null;
}

/**
 * Email engagement: of the emails sent in month M (deliveries on the email channel with status
 * `sent`, by sent time), those with an `email_opened` or `email_clicked` outcome (recorded by the open
 * pixel and click links, tracking/) for the same enrollment and node.
 */
@Injectable()
export class EngagementRepository {
  constructor(private readonly prisma: PrismaService) {}

  async monthly(): Promise<EngagementRows> {
    const { rows: tables } = await this.prisma.pool.query<{ deliveries: boolean; outcomes: boolean }>(
      `SELECT to_regclass('public.deliveries') IS NOT NULL AS deliveries, to_regclass('public.flow_outcomes') IS NOT NULL AS outcomes`,
    );
    if (!tables[0].deliveries || !tables[0].outcomes) return { rows: [], reason: 'No email has been sent yet: the channels and runtime tables are not installed.' };
    const { rows } = await this.prisma.pool.query<MonthRow>(
      `WITH sent AS (
         SELECT d.enrollment_id, d.node_id,
                (extract(year FROM coalesce(d.sent_at, d.created_at) AT TIME ZONE 'UTC')::int * 12 + extract(month FROM coalesce(d.sent_at, d.created_at) AT TIME ZONE 'UTC')::int - 1) AS m
         FROM deliveries d WHERE d.channel = 'email' AND d.status = 'sent'
       ),
       engaged AS (
         SELECT DISTINCT enrollment_id, node_id FROM flow_outcomes WHERE kind IN ('email_opened', 'email_clicked')
       ),
       monthly AS (
         SELECT s.m, count(e.enrollment_id)::int AS numerator, count(*)::int AS denominator
         FROM sent s LEFT JOIN engaged e ON e.enrollment_id = s.enrollment_id AND e.node_id = s.node_id
         GROUP BY s.m
       )
       SELECT month, coalesce(monthly.numerator, 0) AS numerator, coalesce(monthly.denominator, 0) AS denominator
       FROM (SELECT min(m) AS lo, max(m) AS hi FROM monthly) bounds, generate_series(bounds.lo, bounds.hi) AS month
       LEFT JOIN monthly ON monthly.m = month ORDER BY month`,
    );
    if (rows.length === 0) return { rows: [], reason: 'No email has been sent yet.' };
    const { rows: tracked } = await this.prisma.pool.query<{ any: boolean; replayed: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM flow_outcomes WHERE kind IN ('email_opened', 'email_clicked')) AS any,
              EXISTS (SELECT 1 FROM flow_outcomes WHERE kind = 'email_clicked' AND detail->>'url' = $1) AS replayed`,
      [REPLAY_CLICK_URL],
    );
    const reason = tracked[0].replayed ? REPLAY_ENGAGEMENT_NOTE : tracked[0].any ? null : 'No open or click has been recorded yet: the rate stays 0 until open and click tracking records them.';
    return { rows: rows.map((row) => ({ month: Number(row.month), numerator: row.numerator, denominator: row.denominator })), reason };
  }
}
