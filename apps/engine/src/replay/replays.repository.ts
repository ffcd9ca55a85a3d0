// The replays table (migration 20261203160000_replays): which flows are replays, from when, and
// their last summary. Raw SQL: the table is read and written only here.
import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import type { ReplaySummary } from './replay-summary';

export interface ReplayRow {
  id: number;
  flowId: number;
  flowName: string;
  from: Date;
  createdFlow: boolean;
  modelVersionId: number | null;
  status: 'running' | 'completed';
  note: string;
  summary: ReplaySummary | Record<string, never>;
  createdAt: Date;
  finishedAt: Date | null;
}

const COLUMNS = `r.id, r.flow_id AS "flowId", f.name AS "flowName", r.from_date AS "from", r.created_flow AS "createdFlow",
  r.model_version_id AS "modelVersionId", r.status, r.note, r.summary, r.created_at AS "createdAt", r.finished_at AS "finishedAt"`;

@Injectable()
export class ReplaysRepository {
  constructor(private readonly prisma: PrismaService) {}

  async list(flowId?: number): Promise<ReplayRow[]> {
    const { rows } = await this.prisma.pool.query<ReplayRow>(
      `SELECT ${COLUMNS} FROM replays r JOIN flows f ON f.id = r.flow_id WHERE ($1::int IS NULL OR r.flow_id = $1) ORDER BY r.id`,
      [flowId ?? null],
    );
    return rows;
  }

  async forFlow(flowId: number): Promise<ReplayRow | null> {
    return (await this.list(flowId))[0] ?? null;
  }

  /** The replay of the demo flow from this cutoff (the flow the replay created), if any and not archived. */
  async demoFrom(from: Date): Promise<ReplayRow | null> {
    const { rows } = await this.prisma.pool.query<ReplayRow>(
      `SELECT ${COLUMNS} FROM replays r JOIN flows f ON f.id = r.flow_id WHERE r.created_flow AND r.from_date = $1 AND f.status <> 'archived' ORDER BY r.id LIMIT 1`,
      [from],
    );
    return rows[0] ?? null;
  }

  async insert(flowId: number, from: Date, createdFlow: boolean, note: string): Promise<void> {
    await this.prisma.pool.query('INSERT INTO replays (flow_id, from_date, created_flow, note) VALUES ($1, $2, $3, $4) ON CONFLICT (flow_id) DO NOTHING', [flowId, from, createdFlow, note]);
  }

  async setModel(flowId: number, modelVersionId: number): Promise<void> {
    await this.prisma.pool.query('UPDATE replays SET model_version_id = $2 WHERE flow_id = $1', [flowId, modelVersionId]);
  }

  async complete(flowId: number, summary: ReplaySummary): Promise<void> {
    await this.prisma.pool.query(`UPDATE replays SET status = 'completed', summary = $2::jsonb, finished_at = now() WHERE flow_id = $1`, [flowId, JSON.stringify(summary)]);
  }
}
