import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';

export interface FunnelCountRow {
  nodeId: string;
  /** The arm the enrollment took before this node; null before any split. */
  variantId: string | null;
  kind: string;
  /** Distinct enrollments with that outcome at that node. */
  enrollments: number;
}

/** Distinct enrollments per node, arm and outcome kind of one flow (all its versions). */
@Injectable()
export class FlowFunnelRepository {
  constructor(private readonly prisma: PrismaService) {}

  async counts(flowId: number, since: Date | null): Promise<FunnelCountRow[]> {
    const { rows } = await this.prisma.pool.query<FunnelCountRow>(
      `SELECT node_id AS "nodeId", variant_id AS "variantId", kind, count(DISTINCT enrollment_id)::int AS enrollments
       FROM flow_outcomes WHERE flow_id = $1 AND ($2::timestamptz IS NULL OR occurred_at >= $2)
       GROUP BY 1, 2, 3`,
      [flowId, since],
    );
    return rows;
  }
}
