// The replay's weekly at-risk flags: each simulated week, the customers whose churn risk by the
// replay model (as of that week) reached the "High churn risk" band enter a segment of the replay's
// own, and those below it leave. The segment is archived from the start (nothing refreshes it and no
// flow is triggered by it): it only keeps the history, dated in data time (as_of = the week) — the
// KPI "time to identify an at-risk customer" reads those entries.
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { PrismaService } from '../database/prisma.service';
import { SegmentDefinitions } from '../segments/segment-definitions';
import type { ReplayWeek } from './replay-cohort';

export const REPLAY_FLAGS_NOTE = 'Includes the weekly flags of a replay of past data: churn risk by the replay’s model as of each simulated week, dated in data time.';

export function flagSegmentName(flowId: number, from: string, flagMin: number): string {
  return `Replay of flow ${flowId} from ${from}: churn risk ≥ ${flagMin} week by week`;
}

@Injectable()
export class ReplayFlags {
  constructor(
    private readonly prisma: PrismaService,
    private readonly moduleRef: ModuleRef,
  ) {}

  /**
   * Writes the weeks' entries and exits once per replay (a replay that already has its flag segment
   * keeps it); returns the segment id and the number of entries.
   */
  async record(flowId: number, from: string, flagMin: number, weeks: readonly ReplayWeek[], modelVersionId: number): Promise<{ segmentId: number; entries: number }> {
    const { rows: existing } = await this.prisma.pool.query<{ segmentId: number | null }>('SELECT flag_segment_id AS "segmentId" FROM replays WHERE flow_id = $1', [flowId]);
    if (existing[0]?.segmentId) return { segmentId: existing[0].segmentId, entries: await this.entries(existing[0].segmentId) };

    const segmentId = await this.segment(flagSegmentName(flowId, from, flagMin), flagMin, modelVersionId);
    const scores = (week: ReplayWeek) => new Map(Array.from(week.scored.customerIds, (id, i) => [id, week.scored.scores[i]]));
    const client = await this.prisma.pool.connect();
    try {
      await client.query('BEGIN');
      // a run cut off between the segment and this commit left no events: start clean
      await client.query('DELETE FROM segment_membership_events WHERE segment_id = $1', [segmentId]);
      for (const week of weeks) {
        const score = scores(week);
        const at = new Date(week.at);
        for (const [kind, ids] of [['entered', week.flagged.entered], ['exited', week.flagged.exited]] as const) {
          if (!ids.length) continue;
          const reason = kind === 'entered' ? `replay: churn risk ≥ ${flagMin} as of ${at.toISOString().slice(0, 10)}` : `replay: churn risk below ${flagMin} as of ${at.toISOString().slice(0, 10)}`;
          await client.query(
            `INSERT INTO segment_membership_events (segment_id, customer_id, kind, reason, model_version_id, score, as_of)
             SELECT $1, u.id, $2, $3, $4, u.score, $5 FROM unnest($6::int[], $7::float8[]) AS u(id, score)`,
            [segmentId, kind, reason, modelVersionId, at, ids, ids.map((id) => score.get(id) ?? null)],
          );
        }
      }
      await client.query('UPDATE replays SET flag_segment_id = $2 WHERE flow_id = $1', [flowId, segmentId]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
    return { segmentId, entries: await this.entries(segmentId) };
  }

  /** The replay's segment, created through the segments module and archived at once (or found again after a cut-off run). */
  private async segment(name: string, flagMin: number, modelVersionId: number): Promise<number> {
    const found = await this.prisma.segment.findUnique({ where: { name }, select: { id: true, archivedAt: true } });
    const definitions = this.moduleRef.get(SegmentDefinitions, { strict: false });
    const id =
      found?.id ??
      (
        await definitions.create(undefined, {
          kind: 'manual',
          name,
          description: `History only: the customers a replay flagged week by week (churn risk ≥ ${flagMin} by replay model ${modelVersionId}, as of each simulated week).`,
          definition: {},
        })
      ).id;
    if (!found?.archivedAt) await definitions.archive(undefined, id);
    return id;
  }

  private async entries(segmentId: number): Promise<number> {
    const { rows } = await this.prisma.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM segment_membership_events WHERE segment_id = $1 AND kind = 'entered'`, [segmentId]);
    return rows[0].n;
  }
}
