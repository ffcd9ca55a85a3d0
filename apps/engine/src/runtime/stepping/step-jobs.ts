// What travels on the steps queue. A job never carries one customer: either a list of enrollment
// ids (new enrollments, resumed waits) or "whatever is due for this flow version".
import { Injectable } from '@nestjs/common';
import { Clock } from '../clock';
import { QueueHost } from '../queue/queue-host';
import { QUEUES } from '../queue/queue-names';

export type StepJob = { kind: 'enrollments'; ids: string[] } | { kind: 'due'; flowVersionId: number };

@Injectable()
export class StepJobs {
  constructor(
    private readonly queues: QueueHost,
    private readonly clock: Clock,
  ) {}

  /**
   * Advance these enrollments now, in jobs of at most `batchSize` ids (a job id per chunk, so a
   * repeat collapses). They are due now, so a job runs in this process when it has a free step
   * slot (no round trip through Redis: the event → action latency), else through the queue.
   */
  async enrollments(ids: readonly string[], batchSize: number): Promise<number> {
    let jobs = 0;
    for (let start = 0; start < ids.length; start += batchSize) {
      const chunk = ids.slice(start, start + batchSize);
      await this.queues.driver.add(QUEUES.steps, { kind: 'enrollments', ids: chunk } satisfies StepJob, {
        jobId: `ids-${chunk[0]}-${chunk[chunk.length - 1]}-${chunk.length}`,
        preferLocal: true,
      });
      jobs++;
    }
    return jobs;
  }

  /** Advance what is due for this version at `at` (a wait's end, a deadline); one job per version and instant. */
  async dueAt(flowVersionId: number, at: Date): Promise<void> {
    const delayMs = at.getTime() - this.clock.now().getTime();
    await this.add({ kind: 'due', flowVersionId }, `due-${flowVersionId}-at-${at.getTime()}`, delayMs);
  }

  /** Advance what is due for this version now, in `shards` parallel jobs (the reconciler's job ids: a repeat collapses). */
  async dueNow(flowVersionId: number, shards: number): Promise<void> {
    for (let shard = 0; shard < shards; shard++) await this.add({ kind: 'due', flowVersionId }, `due-${flowVersionId}-now-${shard}`);
  }

  private add(job: StepJob, jobId: string, delayMs = 0): Promise<void> {
    return this.queues.driver.add(QUEUES.steps, job, { jobId, delayMs: delayMs > 0 ? delayMs : undefined });
  }
}
