import { Injectable } from '@nestjs/common';
import { DomainError, notFound } from '../common/errors/domain-error';
import { PrismaService } from '../database/prisma.service';
import type { TrainOptions } from './models.schemas';
import { ScoreReasons } from './score-reasons';
import { TrainingRunner } from './training-runner.service';
import { TrainingRunsRepository } from './training-runs.repository';

const VERSION_SUMMARY = { id: true, kind: true, algorithm: true, version: true, status: true, trainingRunId: true, featureNames: true, dataWindow: true, metrics: true, createdAt: true, activatedAt: true, retiredAt: true } as const;

/** Reads and requests behind the models API. */
@Injectable()
export class ModelsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly runs: TrainingRunsRepository,
    private readonly runner: TrainingRunner,
    private readonly scoreReasons: ScoreReasons,
  ) {}

  async requestTraining(options: TrainOptions, requestedById: number | null) {
    if (options.cutoff && Date.parse(options.cutoff) > Date.now()) throw new DomainError('VALIDATION_FAILED', `The cutoff ${options.cutoff} is in the future: churn labels need a horizon that has already happened.`, [{ path: 'cutoff', message: 'cutoff: must be in the past' }]);
    const run = await this.runs.enqueue(options, 'api', requestedById);
    this.runner.wake();
    return run;
  }

  listVersions() {
    return this.prisma.modelVersion.findMany({ orderBy: { id: 'desc' }, select: VERSION_SUMMARY });
  }

  async version(id: number) {
    const version = await this.prisma.modelVersion.findUnique({ where: { id }, select: { ...VERSION_SUMMARY, parameters: true, rocPoints: true, importances: true } });
    if (!version) throw notFound('Model version', id);
    return version;
  }

  listRuns(limit: number) {
    return this.prisma.trainingRun.findMany({ orderBy: { id: 'desc' }, take: limit });
  }

  async run(id: number) {
    const run = await this.prisma.trainingRun.findUnique({ where: { id }, include: { modelVersions: { select: VERSION_SUMMARY, orderBy: { id: 'asc' } } } });
    if (!run) throw notFound('Training run', id);
    return run;
  }

  /** The customer's score from the active churn model of their population, with its reasons (worded on first read). */
  async customerScore(customerId: number) {
    const customer = await this.prisma.customer.findUnique({ where: { id: customerId }, select: { id: true } });
    if (!customer) throw notFound('Customer', customerId);
    const score = await this.scoreReasons.activeScore(customerId);
    if (!score) throw new DomainError('NOT_FOUND', `Customer ${customerId} has no churn score yet: no active model covers them (train one with POST /api/models/train).`);
    const version = await this.prisma.modelVersion.findUniqueOrThrow({ where: { id: score.modelVersionId }, select: { id: true, algorithm: true, version: true, metrics: true, dataWindow: true, activatedAt: true } });
    const metrics = version.metrics as { rocAuc?: number };
    return {
      customerId,
      score: score.score,
      reasons: score.reasons,
      scoredAt: score.scoredAt,
      model: { id: version.id, algorithm: version.algorithm, version: version.version, rocAuc: metrics.rocAuc ?? null, population: (version.dataWindow as { population?: string }).population ?? null, activatedAt: version.activatedAt },
    };
  }
}
