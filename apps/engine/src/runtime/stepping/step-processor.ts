// The steps queue's processor: thin, it hands each job to the StepRunner. Registered only in
// processes with the worker role.
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ENV } from '../../config/config.module';
import type { Env } from '../../config/env';
import { QueueHost } from '../queue/queue-host';
import { QUEUES } from '../queue/queue-names';
import { hasRole } from '../roles';
import type { StepJob } from './step-jobs';
import { StepRunner } from './step-runner.service';

@Injectable()
export class StepProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger('Runtime');

  constructor(
    private readonly queues: QueueHost,
    private readonly runner: StepRunner,
    @Inject(ENV) private readonly env: Env,
  ) {}

  onApplicationBootstrap(): void {
    if (!hasRole(this.env, 'worker')) return;
    this.queues.driver.process<StepJob>(QUEUES.steps, (job) => this.handle(job), { concurrency: this.env.RETAIN_WORKER_CONCURRENCY });
    this.logger.log(`Step worker started (concurrency ${this.env.RETAIN_WORKER_CONCURRENCY}, batches of ${this.env.RETAIN_RUNTIME_BATCH_SIZE})`);
  }

  async handle(job: StepJob): Promise<void> {
    if (job.kind === 'enrollments') await this.runner.advanceEnrollments(job.ids);
    else await this.runner.advanceDue(job.flowVersionId);
  }
}
