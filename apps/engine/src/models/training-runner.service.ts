import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ENV } from '../config/config.module';
import type { Env } from '../config/env';
import { hasRole } from '../runtime/roles';
import { ModelTrainer } from './model-trainer.service';
import { TrainingRunsRepository } from './training-runs.repository';

/** How often an idle runner looks for runs queued by other processes (or by the schedule). */
const POLL_MS = 5_000;

/**
 * Picks queued training runs and executes them one at a time, in processes with the `worker` role
 * (an API-only process only enqueues). Several processes may run this: claiming uses FOR UPDATE SKIP LOCKED. Polls every few seconds and wakes at once when this
 * process enqueues.
 */
@Injectable()
export class TrainingRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Models');
  private timer?: NodeJS.Timeout;
  private draining: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly runs: TrainingRunsRepository,
    private readonly trainer: ModelTrainer,
    @Inject(ENV) private readonly env: Env,
  ) {}

  onApplicationBootstrap(): void {
    if (!hasRole(this.env, 'worker')) {
      this.stopped = true;
      return;
    }
    this.timer = setInterval(() => this.wake(), POLL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.draining?.catch(() => undefined);
  }

  /** Look for queued runs now (called after an enqueue in this process). */
  wake(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain()
      .catch((error: unknown) => this.logger.error(`Training runner: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        this.draining = null;
        if (this.again && !this.stopped) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Executes queued runs until none is left; resolves when done (the demo step and tests await it). */
  async drain(log?: (line: string) => void): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const run = await this.runs.claimNext();
      if (!run) return;
      this.logger.log(`Training run ${run.id} (${run.trigger}) started`);
      await this.trainer.execute(run, log ?? ((line) => this.logger.log(`Training run ${run.id}: ${line}`)));
    }
  }

  /** Resolves when this process is not executing a run. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }
}
