// The behaviour both queue drivers promise, run against each of them (in-process in a unit spec,
// BullMQ on the real Redis in an integration spec), so the runtime can rely on one contract.
import type { QueueDriver, RetryPolicy } from './queue-driver';

export type DriverFactory = (retry: RetryPolicy) => QueueDriver;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(10);
  }
}

export function describeQueueDriverContract(name: string, makeDriver: DriverFactory): void {
  describe(`${name} queue driver contract`, () => {
    const retry: RetryPolicy = { attempts: 3, backoffMs: 50 };
    let driver: QueueDriver;
    let queueCounter = 0;
    const freshQueue = () => `contract-${process.pid}-${Date.now()}-${++queueCounter}`;

    beforeEach(() => {
      driver = makeDriver(retry);
    });
    afterEach(async () => {
      await driver.close();
    });

    it('delivers every payload added, whether added before or after the processor starts', async () => {
      const queue = freshQueue();
      const seen: number[] = [];
      await driver.add(queue, { n: 1 });
      driver.process<{ n: number }>(queue, async ({ n }) => void seen.push(n), { concurrency: 2 });
      await driver.add(queue, { n: 2 });
      await driver.add(queue, { n: 3 });
      await waitUntil(() => seen.length === 3);
      expect(seen.sort()).toEqual([1, 2, 3]);
    });

    it('holds a delayed job back until its delay has passed', async () => {
      const queue = freshQueue();
      const seenAt: number[] = [];
      driver.process(queue, async () => void seenAt.push(Date.now()), { concurrency: 1 });
      const addedAt = Date.now();
      await driver.add(queue, {}, { delayMs: 600 });
      await sleep(300);
      expect(seenAt).toHaveLength(0);
      await waitUntil(() => seenAt.length === 1);
      expect(seenAt[0] - addedAt).toBeGreaterThanOrEqual(550);
    });

    it('collapses jobs with the same id while the first is pending, and takes the id again once it is done', async () => {
      const queue = freshQueue();
      const seen: string[] = [];
      await driver.add(queue, { tag: 'first' }, { jobId: 'same-id' });
      await driver.add(queue, { tag: 'duplicate' }, { jobId: 'same-id' });
      await driver.add(queue, { tag: 'other' }, { jobId: 'other-id' });
      driver.process<{ tag: string }>(queue, async ({ tag }) => void seen.push(tag), { concurrency: 1 });
      await waitUntil(() => seen.length === 2);
      await sleep(200);
      expect(seen.sort()).toEqual(['first', 'other']);
      await driver.add(queue, { tag: 'again' }, { jobId: 'same-id' });
      await waitUntil(() => seen.length === 3);
      expect(seen[2]).toBe('again');
    });

    it('never runs more jobs of a queue at once than the concurrency allows', async () => {
      const queue = freshQueue();
      let running = 0;
      let most = 0;
      let done = 0;
      driver.process(
        queue,
        async () => {
          most = Math.max(most, ++running);
          await sleep(80);
          running--;
          done++;
        },
        { concurrency: 2 },
      );
      for (let i = 0; i < 6; i++) await driver.add(queue, { i });
      await waitUntil(() => done === 6, 10_000);
      expect(most).toBe(2);
    });

    it('runs a job again after its handler failed, and stops after the last attempt', async () => {
      const queue = freshQueue();
      const runs = new Map<string, number>();
      driver.process<{ key: string; failures: number }>(
        queue,
        async ({ key, failures }) => {
          const run = (runs.get(key) ?? 0) + 1;
          runs.set(key, run);
          if (run <= failures) throw new Error(`planned failure ${run}`);
        },
        { concurrency: 2 },
      );
      await driver.add(queue, { key: 'recovers', failures: 1 });
      await driver.add(queue, { key: 'never', failures: 99 });
      await waitUntil(() => runs.get('recovers') === 2 && runs.get('never') === retry.attempts, 10_000);
      await sleep(400);
      expect(runs.get('recovers')).toBe(2);
      expect(runs.get('never')).toBe(retry.attempts);
    });

    it('delivers a job that prefers this process once, and runs it again after a failure as often as any other job', async () => {
      const queue = freshQueue();
      const runs = new Map<string, number>();
      let most = 0;
      let running = 0;
      driver.process<{ key: string; failures: number }>(
        queue,
        async ({ key, failures }) => {
          most = Math.max(most, ++running);
          const run = (runs.get(key) ?? 0) + 1;
          runs.set(key, run);
          await sleep(20);
          running--;
          if (run <= failures) throw new Error(`planned failure ${run}`);
        },
        { concurrency: 2 },
      );
      // the failing ones first, while the processor is idle: with BullMQ they run here, and their
      // retries go through Redis; the next ones find the slots taken and go through Redis at once
      await driver.add(queue, { key: 'recovers', failures: 1 }, { preferLocal: true });
      await driver.add(queue, { key: 'never', failures: 99 }, { preferLocal: true });
      for (const key of ['a', 'b', 'c', 'd']) await driver.add(queue, { key, failures: 0 }, { preferLocal: true });
      await waitUntil(() => runs.get('recovers') === 2 && runs.get('never') === retry.attempts && ['a', 'b', 'c', 'd'].every((k) => runs.get(k) === 1), 10_000);
      await sleep(400);
      expect(Object.fromEntries(runs)).toEqual({ a: 1, b: 1, c: 1, d: 1, recovers: 2, never: retry.attempts });
      // the queue's slots and the ones run here together
      expect(most).toBeLessThanOrEqual(4);
    });

    it('close waits for running jobs, then delivers nothing more and refuses new jobs', async () => {
      const queue = freshQueue();
      let finished = 0;
      let started = 0;
      driver.process(
        queue,
        async () => {
          started++;
          await sleep(200);
          finished++;
        },
        { concurrency: 1 },
      );
      await driver.add(queue, {});
      await driver.add(queue, {}, { delayMs: 300 });
      await waitUntil(() => started === 1);
      await driver.close();
      expect(finished).toBe(1);
      await sleep(500);
      expect(started).toBe(1);
      await expect(driver.add(queue, {})).rejects.toThrow(/closed/);
    });

    it('refuses job ids BullMQ cannot store (integers, ":")', async () => {
      await expect(driver.add(freshQueue(), {}, { jobId: '42' })).rejects.toThrow(/not allowed/);
      await expect(driver.add(freshQueue(), {}, { jobId: 'a:b' })).rejects.toThrow(/not allowed/);
    });
  });
}
