// The safety net that makes the queue mere transport: at start and every few seconds it looks in
// PostgreSQL for enrollments that are due and enqueues "advance what is due" jobs for their flow
// versions. Job ids are fixed per version and shard, so repeated ticks collapse into the jobs still
// pending. A Redis FLUSHALL, a killed worker or a dropped delayed job costs at most one interval.
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ENV } from '../config/config.module';
import type { Env } from '../config/env';
import { PrismaService } from '../database/prisma.service';
import { Clock } from './clock';
import { hasRole } from './roles';
import { StepJobs } from './stepping/step-jobs';

/** Due rows looked at per tick (the count only sizes the parallel jobs; they claim everything due). */
const SCAN_LIMIT = 100_000;
/** Parallel "due" jobs per flow version at most. */
const MAX_SHARDS = 16;

export interface ReconcileReport {
  due: number;
  versions: number;
  jobs: number;
}

@Injectable()
export class Reconciler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Runtime');
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<ReconcileReport> | undefined;

  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly jobs: StepJobs,
    @Inject(ENV) private readonly env: Env,
  ) {}

  onApplicationBootstrap(): void {
    if (!hasRole(this.env, 'scheduler')) return;
    const run = () => void this.tick().catch((error) => this.logger.warn(`Reconciler tick failed: ${error instanceof Error ? error.message : String(error)}`));
    run();
    this.timer = setInterval(run, this.env.RETAIN_RECONCILE_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.ticking?.catch(() => undefined);
  }

  /** One pass (ticks never overlap). */
  tick(): Promise<ReconcileReport> {
    this.ticking ??= this.reconcile().finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  private async reconcile(): Promise<ReconcileReport> {
    const { rows } = await this.prisma.pool.query<{ versionId: number; due: number }>(
      `SELECT flow_version_id AS "versionId", count(*)::int AS due
       FROM (SELECT flow_version_id FROM enrollments WHERE status IN ('active', 'waiting') AND next_due_at <= $1 ORDER BY next_due_at LIMIT ${SCAN_LIMIT}) d
       GROUP BY flow_version_id`,
      [this.clock.now()],
    );
    const report: ReconcileReport = { due: 0, versions: rows.length, jobs: 0 };
    for (const row of rows) {
      const shards = Math.min(MAX_SHARDS, Math.max(1, Math.ceil(row.due / this.env.RETAIN_RUNTIME_BATCH_SIZE)));
      await this.jobs.dueNow(row.versionId, shards);
      report.due += row.due;
      report.jobs += shards;
    }
    return report;
  }
}
