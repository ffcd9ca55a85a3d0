import { Injectable } from '@nestjs/common';
import { DomainError, notFound } from '../common/errors/domain-error';
import { PrismaService } from '../database/prisma.service';
import type { ModelComparison } from './model-comparison';

/**
 * GET /api/models/compare: a candidate next to the model that was active when it was trained, both
 * measured on that training run's held-out rows (stored in the run's outcome when it ran).
 */
@Injectable()
export class ModelCompareService {
  constructor(private readonly prisma: PrismaService) {}

  async compare(candidateId: number, activeId?: number) {
    const candidate = await this.prisma.modelVersion.findUnique({ where: { id: candidateId }, select: { id: true, trainingRunId: true } });
    if (!candidate) throw notFound('Model version', candidateId);
    const run = candidate.trainingRunId ? await this.prisma.trainingRun.findUnique({ where: { id: candidate.trainingRunId } }) : null;
    if (!run) throw new DomainError('CONFLICT', `Model version ${candidateId} was not trained by a training run (a replay's model, for example), so there are no held-out rows to compare it on.`);
    const outcome = (run.outcome ?? {}) as { comparison?: ModelComparison; reason?: string };
    const comparison = outcome.comparison;
    if (!comparison) throw new DomainError('CONFLICT', `Training run ${run.id} (model version ${candidateId}) ${run.status === 'succeeded' ? 'kept no side-by-side comparison: it ran before comparisons were stored; train again' : `is ${run.status}`}.`);
    const mine = comparison.models.find((m) => m.role === 'candidate' && m.modelVersionId === candidateId)!;
    const activeThen = comparison.models.find((m) => m.role === 'active') ?? null;
    if (activeId !== undefined && activeThen?.modelVersionId !== activeId) {
      const then = activeThen ? `model version ${activeThen.modelVersionId} was` : 'no model was';
      throw new DomainError('CONFLICT', `Model version ${candidateId} was not measured beside version ${activeId}: when it was trained, ${then} active. Only models measured on the same held-out rows are compared.`, [
        { path: 'active', message: activeThen ? `active: use ${activeThen.modelVersionId}, or leave it out` : 'active: leave it out' },
      ]);
    }
    const better = activeThen === null ? 'candidate' : mine.metrics.rocAuc > activeThen.metrics.rocAuc ? 'candidate' : 'active';
    return {
      trainingRunId: run.id,
      heldOutRows: comparison.heldOutRows,
      heldOutChurned: comparison.heldOutChurned,
      seed: comparison.seed,
      testFraction: comparison.testFraction,
      sameRows: activeThen === null || comparison.activeOnSameRows,
      candidate: mine,
      active: activeThen,
      otherCandidates: comparison.models.filter((m) => m.role === 'candidate' && m.modelVersionId !== candidateId),
      better,
      decision: { activated: run.activatedModelId, reason: outcome.reason ?? null },
    };
  }
}
