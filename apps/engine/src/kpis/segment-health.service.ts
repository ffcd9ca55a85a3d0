import { Injectable } from '@nestjs/common';
import type { SegmentHealthQuery } from './kpis.schemas';
import { SegmentHealthRepository } from './segment-health.repository';

/** Segment health over time: per segment per week, size, churn (share of members that left) and mean risk. */
@Injectable()
export class SegmentHealthService {
  constructor(private readonly repository: SegmentHealthRepository) {}

  async health(query: SegmentHealthQuery) {
    const rows = await this.repository.weekly(query.segmentId === undefined ? null : [query.segmentId], query.weeks);
    const segments = new Map<number, { segmentId: number; name: string; weeks: unknown[] }>();
    for (const row of rows) {
      const segment = segments.get(row.segmentId) ?? { segmentId: row.segmentId, name: row.segmentName, weeks: [] };
      segment.weeks.push({
        week: row.week.toISOString().slice(0, 10),
        size: row.size,
        startSize: row.startSize,
        entered: row.entered,
        exited: row.exited,
        churnRate: row.startSize > 0 ? row.exited / row.startSize : null,
        meanRisk: row.meanRisk,
        scored: row.scored,
      });
      segments.set(row.segmentId, segment);
    }
    return {
      definitions: {
        week: 'ISO weeks, Monday 00:00 UTC',
        size: 'members at the end of the week, rebuilt from the membership history',
        churnRate: 'members who left the segment during the week over members at its start',
        meanRisk: 'mean churn score of the members at the end of the week, from the churn model version active then',
      },
      segments: [...segments.values()],
    };
  }
}
