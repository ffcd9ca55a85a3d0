// The replay's churn model as a model version (population "replay", kept retired) and its scores
// as of the cutoff. It is active only while a replay runs, so the flow's churn-risk node reads
// scores that know nothing after the cutoff; every other reader keeps the real active model.
import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import { ScoreWriter } from '../models/score-writer';
import type { ReplayCohort } from './replay-cohort';

@Injectable()
export class ReplayModel {
  constructor(
    private readonly prisma: PrismaService,
    private readonly scores: ScoreWriter,
  ) {}

  /** Stores the cohort's model as a retired churn model version and writes its scores; returns its id. */
  async store(cohort: ReplayCohort): Promise<number> {
    const result = cohort.model;
    const version = await this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('retain:model_versions'))`;
      const latest = await tx.modelVersion.aggregate({ where: { kind: 'churn' }, _max: { version: true } });
      return tx.modelVersion.create({
        data: {
          kind: 'churn',
          algorithm: result.parameters.kind,
          version: (latest._max.version ?? 0) + 1,
          status: 'retired',
          retiredAt: new Date(),
          parameters: { ...result.parameters, label: 'no purchase within the horizon', population: 'replay', fit: result.fit } as never,
          featureNames: [...result.parameters.featureNames],
          dataWindow: cohort.dataWindow as never,
          metrics: { ...result.metrics, trainingMilliseconds: Math.round(result.trainingMilliseconds) } as never,
          rocPoints: result.roc as never,
          importances: result.importances as never,
          artifact: result.model.toJSON() as never,
        },
      });
    });
    const { customerIds, scores } = cohort.scored;
    await this.scores.write(version.id, customerIds, (from, to) => ({ scores: scores.subarray(from, to), reasons: Array.from({ length: to - from }, () => []) }));
    return version.id;
  }

  /** Replaces the version's stored scores with these (the risk as of another simulated week): customers not in them lose theirs. */
  async rescore(modelVersionId: number, scored: ReplayCohort['scored']): Promise<void> {
    await this.prisma.pool.query('DELETE FROM customer_scores WHERE model_version_id = $1 AND NOT (customer_id = ANY($2::int[]))', [modelVersionId, Array.from(scored.customerIds)]);
    await this.scores.write(modelVersionId, scored.customerIds, (from, to) => ({ scores: scored.scores.subarray(from, to), reasons: Array.from({ length: to - from }, () => []) }));
  }

  async rocAuc(modelVersionId: number): Promise<number | null> {
    const version = await this.prisma.modelVersion.findUnique({ where: { id: modelVersionId }, select: { metrics: true } });
    return (version?.metrics as { rocAuc?: number } | undefined)?.rocAuc ?? null;
  }

  /** Active while `work` runs (its scores win for the customers it scored), retired afterwards whatever happens. */
  async activeDuring<T>(modelVersionId: number, work: () => Promise<T>): Promise<T> {
    await this.prisma.modelVersion.update({ where: { id: modelVersionId }, data: { status: 'active', activatedAt: new Date(), retiredAt: null } });
    try {
      return await work();
    } finally {
      await this.prisma.modelVersion.update({ where: { id: modelVersionId }, data: { status: 'retired', retiredAt: new Date() } });
    }
  }
}
