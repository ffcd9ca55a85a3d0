// One interface over the two ways jobs travel: BullMQ on Redis (any number of worker processes)
// and an in-process queue (no Redis). The queue is transport only: PostgreSQL holds the truth and
// the reconciler re-enqueues what a lost queue dropped, so handlers must be safe to run twice.

export interface AddJobOptions {
  /** Run no earlier than this many milliseconds from now. */
  delayMs?: number;
  /**
   * Dedupe key: while a job with this id is waiting, delayed or running, adding another is a no-op.
   * Once it has finished (done, or failed for good) the id can be used again.
   */
  jobId?: string;
  /**
   * Latency over distribution: when this process consumes the queue and has a free slot, the job
   * runs here at once instead of travelling through the queue (a job that then fails goes to the
   * queue for its retries). For small jobs that should start now (steps of enrollments just made).
   * Ignored with a delay. A job run here is not deduplicated by `jobId`, and does not count against
   * the queue worker's own concurrency: a process may run up to twice `concurrency` jobs at once.
   */
  preferLocal?: boolean;
}

export interface ProcessOptions {
  /** Jobs of this queue run at most this many at a time in this process (twice, with preferLocal jobs: see AddJobOptions). */
  concurrency: number;
}

export type JobHandler<T> = (payload: T) => Promise<void>;

export interface QueueDriver {
  readonly kind: 'bullmq' | 'in-process';
  add<T>(queue: string, payload: T, options?: AddJobOptions): Promise<void>;
  /** Starts consuming `queue` in this process. A handler that throws is retried (a few times, with backoff). */
  process<T>(queue: string, handler: JobHandler<T>, options: ProcessOptions): void;
  /** Stops taking jobs, waits for running ones, releases connections. Adding afterwards is refused. */
  close(): Promise<void>;
}

export interface RetryPolicy {
  /** Runs per job, the first included. */
  attempts: number;
  /** Delay before the first retry; doubles each time. */
  backoffMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, backoffMs: 1000 };
