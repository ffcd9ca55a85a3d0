import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { ENV } from '../config/config.module';
import type { Env } from '../config/env';
import { PrismaService } from '../database/prisma.service';
import { trainBody } from './models.schemas';
import { TrainingRunner } from './training-runner.service';
import { TrainingRunsRepository } from './training-runs.repository';

export const TRAINING_CRON_JOB = 'churn-model-training';

/**
 * Retrains on RETAIN_MODEL_TRAINING_CRON (daily at 03:00 by default). The cron only enqueues, one
 * run per population with data and nothing already waiting; the runner does the work.
 */
@Injectable()
export class TrainingSchedule implements OnApplicationBootstrap {
  private readonly logger = new Logger('Models');

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly registry: SchedulerRegistry,
    private readonly prisma: PrismaService,
    private readonly runs: TrainingRunsRepository,
    private readonly runner: TrainingRunner,
  ) {}

  onApplicationBootstrap(): void {
    const expression = this.env.RETAIN_MODEL_TRAINING_CRON;
    if (expression === 'off') return;
    const job = CronJob.from({ cronTime: expression, onTick: () => void this.enqueueScheduled().catch((e: Error) => this.logger.error(`Scheduled training: ${e.message}`)), start: true });
    this.registry.addCronJob(TRAINING_CRON_JOB, job as never);
  }

  /** The cron handler: enqueue, never train. Returns the ids of the runs it queued. */
  async enqueueScheduled(): Promise<number[]> {
    const pending = await this.runs.pendingPopulations();
    const [{ transactions, flagged }] = await this.prisma.$queryRaw<{ transactions: boolean; flagged: boolean }[]>`
      SELECT EXISTS (SELECT 1 FROM transactions) AS transactions, EXISTS (SELECT 1 FROM customers WHERE attributes ? 'churned') AS flagged`;
    const queued: number[] = [];
    for (const [population, present] of [['transactions', transactions], ['attribute', flagged]] as const) {
      if (!present || pending.has(population)) continue;
      queued.push((await this.runs.enqueue(trainBody.parse({ population }), 'schedule')).id);
    }
    if (queued.length) this.runner.wake();
    return queued;
  }
}
