// The queue without Redis: jobs live in this process's memory, delays are timers, and each queue
// runs at most `concurrency` jobs at a time. Lost on a restart, which is fine: the reconciler finds
// due work in PostgreSQL again.
import { Logger } from '@nestjs/common';
import { assertJobId } from './job-id';
import { type AddJobOptions, DEFAULT_RETRY, type JobHandler, type ProcessOptions, type QueueDriver, type RetryPolicy } from './queue-driver';

interface Job {
  id: string;
  payload: unknown;
  /** Runs so far. */
  runs: number;
}

interface QueueState {
  ready: Job[];
  /** Ids of jobs waiting, delayed or running (the dedupe set). */
  pending: Set<string>;
  active: number;
  handler?: JobHandler<unknown>;
  concurrency: number;
}

/** setTimeout's longest delay (about 24.8 days); longer delays are re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class InProcessDriver implements QueueDriver {
  readonly kind = 'in-process' as const;
  private readonly logger = new Logger('Queue');
  private readonly queues = new Map<string, QueueState>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private idleWaiters: Array<() => void> = [];
  private closed = false;
  private sequence = 0;

  constructor(private readonly retry: RetryPolicy = DEFAULT_RETRY) {}

  async add<T>(queue: string, payload: T, options: AddJobOptions = {}): Promise<void> {
    if (this.closed) throw new Error(`Queue ${queue} is closed`);
    if (options.jobId !== undefined) assertJobId(options.jobId);
    const state = this.state(queue);
    const id = options.jobId ?? `job-${++this.sequence}`;
    if (state.pending.has(id)) return;
    state.pending.add(id);
    this.schedule(queue, { id, payload, runs: 0 }, options.delayMs ?? 0);
  }

  process<T>(queue: string, handler: JobHandler<T>, options: ProcessOptions): void {
    const state = this.state(queue);
    if (state.handler) throw new Error(`Queue ${queue} already has a processor in this process`);
    state.handler = handler as JobHandler<unknown>;
    state.concurrency = Math.max(1, options.concurrency);
    this.pump(queue);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    while (this.running.size) await Promise.allSettled([...this.running]);
    this.notifyIdle();
  }

  /** Resolves when no job is ready or running (delayed jobs are not waited for). Tests use it. */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    for (const state of this.queues.values()) if (state.active > 0 || (state.handler && state.ready.length > 0)) return false;
    return true;
  }

  private notifyIdle(): void {
    if (!this.isIdle() && !this.closed) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private state(queue: string): QueueState {
    let state = this.queues.get(queue);
    if (!state) this.queues.set(queue, (state = { ready: [], pending: new Set(), active: 0, concurrency: 1 }));
    return state;
  }

  private schedule(queue: string, job: Job, delayMs: number): void {
    if (delayMs <= 0) {
      this.state(queue).ready.push(job);
      this.pump(queue);
      return;
    }
    const wait = Math.min(delayMs, MAX_TIMER_MS);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closed) this.schedule(queue, job, delayMs - wait);
    }, wait);
    timer.unref();
    this.timers.add(timer);
  }

  private pump(queue: string): void {
    const state = this.state(queue);
    while (!this.closed && state.handler && state.active < state.concurrency && state.ready.length) {
      const job = state.ready.shift()!;
      state.active++;
      const run = this.run(queue, state, job).finally(() => {
        state.active--;
        this.running.delete(run);
        this.pump(queue);
        this.notifyIdle();
      });
      this.running.add(run);
    }
  }

  private async run(queue: string, state: QueueState, job: Job): Promise<void> {
    job.runs++;
    try {
      await state.handler!(job.payload);
      state.pending.delete(job.id);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (job.runs < this.retry.attempts && !this.closed) {
        this.logger.warn(`Job ${job.id} of ${queue} failed (run ${job.runs} of ${this.retry.attempts}), retrying: ${message}`);
        this.schedule(queue, job, this.retry.backoffMs * 2 ** (job.runs - 1));
      } else {
        this.logger.error(`Job ${job.id} of ${queue} failed for good after ${job.runs} runs: ${message}`);
        state.pending.delete(job.id);
      }
    }
  }
}
