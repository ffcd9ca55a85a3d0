import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { CronTime } from 'cron';
import { ENV } from '../../config/config.module';
import type { Env } from '../../config/env';
import { PrismaService } from '../../database/prisma.service';
import { Clock } from '../clock';
import { hasRole } from '../roles';
import { enrollInChunks, FLOW_ENROLLER, type FlowEnroller } from './flow-enroller';
import { TriggerIndexService } from './trigger-index.service';
import type { ScheduleTrigger as ScheduledFlow } from './trigger-index';

/** How often the scheduler looks for cron occurrences that came due (cron has minute precision). */
export const SCHEDULE_TICK_MS = 10_000;

/** Whether a five-field cron expression (UTC) has an occurrence in (since, now]. */
export function cronFiredBetween(cron: string, since: Date, now: Date): boolean {
  const next = new CronTime(cron, 'UTC').getNextDateFrom(since, 'UTC').toJSDate();
  return next.getTime() <= now.getTime();
}

/**
 * Schedule triggers, in processes with the `scheduler` role only: every few seconds, for each
 * active flow with a `schedule` trigger whose cron (UTC) fired since the last look, enroll the
 * audience segment's current members. Occurrences missed while no scheduler ran are not caught
 * up (the next one comes); several occurrences within one look enroll once. The tick only
 * enrolls: stepping is the workers' job. Time comes from the runtime clock, so tests move it.
 */
@Injectable()
export class ScheduleTrigger implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Triggers');
  private timer: NodeJS.Timeout | null = null;
  private lastLook: Date | null = null;
  private ticking: Promise<number[]> | null = null;

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly triggers: TriggerIndexService,
    @Inject(FLOW_ENROLLER) private readonly enroller: FlowEnroller,
  ) {}

  onApplicationBootstrap(): void {
    if (!hasRole(this.env, 'scheduler')) return;
    this.lastLook = this.clock.now();
    this.timer = setInterval(() => void this.tick().catch((error: Error) => this.logger.error(`Scheduled flows: ${error.message}`)), SCHEDULE_TICK_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Enrolls the audiences of the schedules that fired since the last tick; returns those flows' ids. */
  tick(): Promise<number[]> {
    this.ticking ??= this.runDue().finally(() => (this.ticking = null));
    return this.ticking;
  }

  private async runDue(): Promise<number[]> {
    const now = this.clock.now();
    // a clock set back (tests) starts a new period rather than replaying the hours in between
    const since = this.lastLook && this.lastLook <= now ? this.lastLook : now;
    this.lastLook = now;
    const index = await this.triggers.refresh();
    const fired: number[] = [];
    for (const schedule of index.schedules) {
      if (!cronFiredBetween(schedule.cron, since, now)) continue;
      fired.push(schedule.flowId);
      await this.enrollAudience(schedule, now).catch((error: Error) => this.logger.error(`Scheduled run of flow ${schedule.flowId} failed: ${error.message}`));
    }
    return fired;
  }

  private async enrollAudience(schedule: ScheduledFlow, at: Date): Promise<void> {
    const { rows } = await this.prisma.pool.query<{ customer_id: number }>('SELECT customer_id FROM segment_memberships WHERE segment_id = $1 ORDER BY customer_id', [
      schedule.audienceSegmentId,
    ]);
    const result = await enrollInChunks(this.enroller, { flowId: schedule.flowId, customerIds: rows.map((r) => r.customer_id), source: 'schedule', at });
    this.logger.log(`Scheduled run of flow ${schedule.flowId}: ${result.enrolled} of ${rows.length} audience members enrolled`);
  }
}
