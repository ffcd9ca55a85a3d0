// The distributed queue: BullMQ on Redis. Any number of processes may add and process; BullMQ
// hands each job to one worker at a time and retries failed ones with exponential backoff.
import { Logger } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import { assertJobId } from './job-id';
import { type AddJobOptions, DEFAULT_RETRY, type JobHandler, type ProcessOptions, type QueueDriver, type RetryPolicy } from './queue-driver';

export interface BullMqDriverOptions {
  redisUrl: string;
  /** Namespaces every Redis key (tests use a unique one per run). */
  prefix?: string;
  /** How long `add` waits for Redis before it fails (default 5 s). */
  addTimeoutMs?: number;
  retry?: RetryPolicy;
}

interface LocalProcessor {
  handler: JobHandler<unknown>;
  concurrency: number;
  /** Jobs running in this process: from Redis, or run here (preferLocal). */
  active: number;
}

export class BullMqDriver implements QueueDriver {
  readonly kind = 'bullmq' as const;
  private readonly logger = new Logger('Queue');
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  private readonly connection: { url: string; maxRetriesPerRequest: null };
  private readonly prefix: string;
  private readonly retry: RetryPolicy;
  private readonly addTimeoutMs: number;
  private closed = false;
  /** This process's processor of each queue, and how many of its slots are taken. */
  private readonly local = new Map<string, LocalProcessor>();
  private readonly runningHere = new Set<Promise<void>>();

  constructor(options: BullMqDriverOptions) {
    // maxRetriesPerRequest: null is what BullMQ workers require (blocking commands wait for Redis to come back)
    this.connection = { url: options.redisUrl, maxRetriesPerRequest: null };
    this.prefix = options.prefix ?? 'retain';
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.addTimeoutMs = options.addTimeoutMs ?? 5000;
  }

  async add<T>(queue: string, payload: T, options: AddJobOptions = {}): Promise<void> {
    if (this.closed) throw new Error(`Queue ${queue} is closed`);
    if (options.jobId !== undefined) assertJobId(options.jobId);
    const local = this.local.get(queue);
    if (options.preferLocal && !(options.delayMs && options.delayMs > 0) && local && local.active < local.concurrency) {
      this.runHere(queue, local, payload, options);
      return;
    }
    await this.addToRedis(queue, payload, options);
  }

  /**
   * A job run in this process without Redis (AddJobOptions.preferLocal), in a free slot of this
   * process's processor. If it fails it is added to Redis, where the retry policy takes over; if the
   * process dies meanwhile the job is lost like any running job, and the reconciler finds its work.
   */
  private runHere(queue: string, local: LocalProcessor, payload: unknown, options: AddJobOptions): void {
    local.active++;
    const run = local
      .handler(payload)
      .catch((error: Error) => {
        // that was the first of its attempts: the queue runs the others, after the first backoff
        if (this.retry.attempts <= 1) return this.logger.warn(`A job of ${queue} run in this process failed: ${error.message}`);
        this.logger.warn(`A job of ${queue} run in this process failed (${error.message}); it goes to the queue for its retries.`);
        return this.addToRedis(queue, payload, { ...options, delayMs: this.retry.backoffMs }, this.retry.attempts - 1);
      })
      .catch((error: Error) => this.logger.warn(`A job of ${queue} could not be queued for a retry (the reconciler will find its work): ${error.message}`))
      .finally(() => {
        local.active--;
        this.runningHere.delete(run);
      });
    this.runningHere.add(run);
  }

  private async addToRedis(queue: string, payload: unknown, options: AddJobOptions, attempts = this.retry.attempts): Promise<void> {
    const added = this.queue(queue).add(queue, payload, {
      jobId: options.jobId,
      delay: options.delayMs && options.delayMs > 0 ? Math.round(options.delayMs) : undefined,
      attempts,
      backoff: { type: 'exponential', delay: this.retry.backoffMs },
      // finished jobs leave Redis, so their id can be used again (and Redis does not grow)
      removeOnComplete: true,
      removeOnFail: true,
    });
    // BullMQ waits for Redis to come back before it answers; callers must not hang meanwhile (a
    // job that is not added is found again by the reconciler)
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not take the job within ${this.addTimeoutMs} ms`)), this.addTimeoutMs);
    });
    try {
      await Promise.race([added, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  process<T>(queue: string, handler: JobHandler<T>, options: ProcessOptions): void {
    // `active` counts jobs from Redis and jobs run here: a job runs here only while that is below
    // the concurrency (the worker still takes up to `concurrency` from Redis, so at most twice it)
    const local: LocalProcessor = { handler: handler as JobHandler<unknown>, concurrency: Math.max(1, options.concurrency), active: 0 };
    this.local.set(queue, local);
    const worker = new Worker(
      queue,
      async (job) => {
        local.active++;
        try {
          await handler(job.data as T);
        } finally {
          local.active--;
        }
      },
      {
      connection: this.connection,
      prefix: this.prefix,
        concurrency: Math.max(1, options.concurrency),
      },
    );
    worker.on('failed', (job, error) => this.logger.warn(`Job ${job?.id} of ${queue} failed (run ${job?.attemptsMade ?? '?'} of ${this.retry.attempts}): ${error.message}`));
    worker.on('error', (error) => this.logger.warn(`Worker of ${queue}: ${error.message}`));
    this.workers.push(worker);
  }

  async close(): Promise<void> {
    this.closed = true;
    // the workers stop taking jobs while the ones run here finish
    await Promise.all([...this.workers.map((worker) => worker.close()), ...this.runningHere]);
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }

  private queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: this.prefix });
      queue.on('error', (error) => this.logger.warn(`Queue ${name}: ${error.message}`));
      this.queues.set(name, queue);
    }
    return queue;
  }
}
