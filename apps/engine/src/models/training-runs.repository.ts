import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import type { TrainingRun } from '../generated/prisma/client';
import type { TrainOptions } from './models.schemas';

export type TrainingTrigger = 'api' | 'schedule' | 'startup';

/** The queue of training runs, in PostgreSQL so several engine processes share it safely. */
@Injectable()
export class TrainingRunsRepository {
  constructor(private readonly prisma: PrismaService) {}

  enqueue(options: TrainOptions, trigger: TrainingTrigger, requestedById: number | null = null): Promise<TrainingRun> {
    return this.prisma.trainingRun.create({ data: { options: options as never, trigger, requestedById } });
  }

  /** Takes the oldest queued run; SKIP LOCKED lets another process take the next one meanwhile. */
  async claimNext(): Promise<TrainingRun | null> {
    const claimed = await this.prisma.$queryRaw<{ id: number }[]>`
      UPDATE training_runs SET status = 'running', started_at = now()
       WHERE id = (SELECT id FROM training_runs WHERE status = 'queued' ORDER BY queued_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING id`;
    return claimed.length ? this.prisma.trainingRun.findUnique({ where: { id: claimed[0].id } }) : null;
  }

  /** Populations with a run queued or running (the schedule does not pile up runs behind a slow one). */
  async pendingPopulations(): Promise<Set<string>> {
    const rows = await this.prisma.$queryRaw<{ population: string }[]>`
      SELECT DISTINCT coalesce(options->>'population', 'transactions') AS population FROM training_runs WHERE status IN ('queued', 'running')`;
    return new Set(rows.map((r) => r.population));
  }

  succeed(id: number, outcome: Record<string, unknown>, activatedModelId: number | null) {
    return this.prisma.trainingRun.update({ where: { id }, data: { status: 'succeeded', finishedAt: new Date(), outcome: outcome as never, activatedModelId } });
  }

  fail(id: number, error: string, outcome: Record<string, unknown> = {}) {
    return this.prisma.trainingRun.update({ where: { id }, data: { status: 'failed', finishedAt: new Date(), error, outcome: outcome as never } });
  }
}
