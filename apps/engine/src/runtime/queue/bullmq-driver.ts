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
    const added = this.queue(queue).add(queue, payload, {
      jobId: options.jobId,
      delay: options.delayMs && options.delayMs > 0 ? Math.round(options.delayMs) : undefined,
      attempts: this.retry.attempts,
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
    const worker = new Worker(queue, async (job) => handler(job.data as T), {
      connection: this.connection,
      prefix: this.prefix,
      concurrency: Math.max(1, options.concurrency),
    });
    worker.on('failed', (job, error) => this.logger.warn(`Job ${job?.id} of ${queue} failed (run ${job?.attemptsMade ?? '?'} of ${this.retry.attempts}): ${error.message}`));
    worker.on('error', (error) => this.logger.warn(`Worker of ${queue}: ${error.message}`));
    this.workers.push(worker);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((worker) => worker.close()));
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
