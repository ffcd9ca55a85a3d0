// Email engagement in a replay: the emails really went out (to the replay's capture server), but
// no customer could open or click them. What the data do say is whether the customer came back: a
// real purchase within the attribution window after an email is recorded as a click on that email
// (through the tracking recorder, like a click on its link), dated at the purchase. Opens are not
// known; the tracking recorder counts a click as an open too, as it does when images are blocked.
import { Injectable } from '@nestjs/common';
import { DAY_MS } from '@retain/segmentation';
import { PrismaService } from '../database/prisma.service';
import { DEFAULT_ATTRIBUTION_WINDOW_DAYS } from '../experiments/experiments.schemas';
import { TrackingRecorder } from '../tracking/tracking-recorder';

/** The "link" a replay-derived click names (flow_outcomes.detail.url), so screens can tell them apart. */
export const REPLAY_CLICK_URL = 'replay:purchase-within-7-days-after-the-email';

export const REPLAY_ENGAGEMENT_NOTE =
  `Includes a replay of past data: its emails went to a capture server, not to customers, so a real purchase within ${DEFAULT_ATTRIBUTION_WINDOW_DAYS} days after an email counts as a click on it; opens are not known (a click counts as an open).`;

@Injectable()
export class ReplayEngagement {
  constructor(
    private readonly prisma: PrismaService,
    private readonly recorder: TrackingRecorder,
  ) {}

  /** Records a click for each sent email of the flow followed by a purchase within the window; returns how many. Idempotent. */
  async deriveClicks(flowId: number): Promise<number> {
    const { rows } = await this.prisma.pool.query<{ deliveryId: number; purchasedAt: Date }>(
      `SELECT d.id::int AS "deliveryId", p.at AS "purchasedAt" FROM deliveries d
        CROSS JOIN LATERAL (
          SELECT min(t.occurred_at) AS at FROM transactions t
           WHERE t.customer_id = d.customer_id AND t.amount > 0 AND NOT t.is_cancellation AND NOT t.is_return
             AND t.occurred_at > d.sent_at AND t.occurred_at <= d.sent_at + $2 * interval '1 millisecond'
        ) p
        WHERE d.flow_id = $1 AND d.channel = 'email' AND d.status = 'sent' AND p.at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM flow_outcomes o WHERE o.kind = 'email_clicked' AND o.enrollment_id = d.enrollment_id AND o.node_id = d.node_id AND o.detail->>'url' = $3)
        ORDER BY d.id`,
      [flowId, DEFAULT_ATTRIBUTION_WINDOW_DAYS * DAY_MS, REPLAY_CLICK_URL],
    );
    for (const row of rows) await this.recorder.recordClick(row.deliveryId, REPLAY_CLICK_URL, row.purchasedAt, 'replay');
    return rows.length;
  }
}
