// Moves the runtime through simulated time, one day at a time, and hands it each real purchase
// (a transaction line with a positive amount, not a cancellation or a return) at the moment it
// happened, through the same two calls a tracked `purchase` event makes: goals reached, and waits
// for the event resumed. Nothing is invented: the conversions are what the customers really did.
import { Injectable } from '@nestjs/common';
import { DAY_MS } from '@retain/segmentation';
import { DomainError } from '../common/errors/domain-error';
import { PrismaService } from '../database/prisma.service';
import { Clock, TestClock } from '../runtime/clock';
import { EnrollmentsService } from '../runtime/enrollments/enrollments.service';
import { InProcessDriver } from '../runtime/queue/in-process-driver';
import { QueueHost } from '../runtime/queue/queue-host';
import { Reconciler } from '../runtime/reconciler';

/** Work the replay does at a simulated instant (e.g. a week's entrants joining the flow). */
export interface ScheduledWork {
  at: number;
  run(): Promise<void>;
}

/** The event name the transactions stand for. */
export const PURCHASE_EVENT = 'purchase';
/** A replay never steps further than this past the cutoff (a flow waiting longer is left waiting). */
const MAX_DAYS = 400;
/** Reconciler rounds per simulated instant before giving up (a loop in the flow). */
const MAX_ROUNDS = 50;

@Injectable()
export class ReplayStepper {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly queue: QueueHost,
    private readonly reconciler: Reconciler,
    private readonly enrollments: EnrollmentsService,
  ) {}

  /** Fails unless this process steps the queue itself (the in-process driver): the replay must see each step finish. */
  assertInProcess(): void {
    if (!(this.queue.driver instanceof InProcessDriver)) {
      throw new DomainError('CONFLICT', 'A replay moves the runtime clock of the process it runs in, so it needs the in-process queue: run `npm run retain -- replay` (it ignores REDIS_URL) while the server is stopped.');
    }
  }

  /**
   * Runs `work` with the runtime reading time from a clock that starts at `start`; the system time
   * comes back afterwards, whatever happens.
   */
  async withClock<T>(start: Date, work: (clock: TestClock) => Promise<T>): Promise<T> {
    const clock = new TestClock(start);
    this.clock.use(clock);
    try {
      return await work(clock);
    } finally {
      this.clock.useSystemTime();
    }
  }

  /** Steps everything due at the clock's time until nothing is. */
  async drain(): Promise<void> {
    const driver = this.queue.driver as InProcessDriver;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      await driver.whenIdle();
      const report = await this.reconciler.tick();
      await driver.whenIdle();
      if (report.due === 0) return;
    }
    throw new DomainError('CONFLICT', `The replay's flow still had enrollments due after ${MAX_ROUNDS} rounds at one instant: does it loop without a wait?`);
  }

  /**
   * From the clock's time, day by day: run what the schedule has for the day (the week's entrants),
   * step what is due, then feed the purchases of the next day in time order. Stops when no
   * enrollment of the flow is active or waiting and the schedule is done. Returns the time reached.
   */
  async run(flowId: number, clock: TestClock, feedsPurchases: boolean, log: (line: string) => void, schedule: ScheduledWork[] = []): Promise<{ until: Date; withheld: number }> {
    const pending = [...schedule].sort((a, b) => a.at - b.at);
    const start = clock.now().getTime();
    const withheld = new Set<number>();
    const done = () => {
      if (withheld.size) log(`${withheld.size} customers' purchases were not fed: they also wait for a purchase in another flow, which the runtime's goal path would complete with a past purchase`);
      return { until: clock.now(), withheld: withheld.size };
    };
    for (let day = 0; day <= MAX_DAYS; day++) {
      const dayStart = start + day * DAY_MS;
      clock.set(new Date(dayStart));
      // scheduled instants fall on day starts (the cutoff plus whole weeks): run them at the day's start
      while (pending.length && pending[0].at < dayStart + DAY_MS) await pending.shift()!.run();
      await this.drain();
      const open = await this.openEnrollments(flowId);
      if (open === 0 && pending.length === 0) return done();
      if (!feedsPurchases) continue;
      const purchases = await this.purchases(flowId, new Date(dayStart), new Date(dayStart + DAY_MS));
      const elsewhere = await this.waitingElsewhere(flowId, purchases.map((p) => p.customerId));
      let reached = 0;
      for (const purchase of purchases) {
        if (elsewhere.has(purchase.customerId)) {
          withheld.add(purchase.customerId);
          continue;
        }
        clock.set(purchase.at);
        reached += await this.enrollments.recordGoalEvent(purchase.customerId, PURCHASE_EVENT, purchase.at);
        await this.enrollments.resumeWaitingForEvent(purchase.customerId, PURCHASE_EVENT, purchase.at);
      }
      if (purchases.length) log(`${new Date(dayStart).toISOString().slice(0, 10)}: ${open} in the flow, ${purchases.length} purchases, ${reached} goals reached`);
    }
    return done();
  }

  /**
   * Customers with an enrollment in another flow waiting for a purchase (goal or wait): the runtime's
   * goal and resume calls act on every flow, and a replayed purchase must not move a live journey.
   */
  private async waitingElsewhere(flowId: number, customerIds: number[]): Promise<Set<number>> {
    if (!customerIds.length) return new Set();
    const { rows } = await this.prisma.pool.query<{ customerId: number }>(
      `SELECT DISTINCT customer_id AS "customerId" FROM enrollments
        WHERE customer_id = ANY($2::int[]) AND flow_id <> $1 AND status = 'waiting' AND (goal->>'eventName' = $3 OR wait_event_name = $3)`,
      [flowId, customerIds, PURCHASE_EVENT],
    );
    return new Set(rows.map((row) => row.customerId));
  }

  private async openEnrollments(flowId: number): Promise<number> {
    const { rows } = await this.prisma.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM enrollments WHERE flow_id = $1 AND status IN ('active', 'waiting')`, [flowId]);
    return rows[0].n;
  }

  /** Purchases in (from, to] of the flow's customers: one per customer and instant (an invoice has many lines). */
  private async purchases(flowId: number, from: Date, to: Date): Promise<{ customerId: number; at: Date }[]> {
    const { rows } = await this.prisma.pool.query<{ customerId: number; at: Date }>(
      `SELECT t.customer_id AS "customerId", t.occurred_at AS at FROM transactions t
        WHERE t.customer_id IN (SELECT customer_id FROM enrollments WHERE flow_id = $1)
          AND t.amount > 0 AND NOT t.is_cancellation AND NOT t.is_return AND t.occurred_at > $2 AND t.occurred_at <= $3
        GROUP BY 1, 2 ORDER BY 2, 1`,
      [flowId, from, to],
    );
    return rows;
  }
}
