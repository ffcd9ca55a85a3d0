import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { BullMqDriver } from './bullmq-driver';
import { describeQueueDriverContract } from './queue-driver.contract';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
// a prefix of its own per run: runs and other tests sharing this Redis never see each other's jobs
const prefix = `retain-test-${randomUUID().slice(0, 8)}`;

describeQueueDriverContract('BullMQ', (retry) => new BullMqDriver({ redisUrl, prefix, retry }));

describe('BullMQ driver without Redis', () => {
  it('fails an add quickly instead of waiting for Redis to come back', async () => {
    // nothing listens on port 1
    const driver = new BullMqDriver({ redisUrl: 'redis://127.0.0.1:1', prefix, addTimeoutMs: 300 });
    const started = Date.now();
    await expect(driver.add('no-redis', {})).rejects.toThrow(/did not take the job/);
    expect(Date.now() - started).toBeLessThan(2000);
    await Promise.race([driver.close(), new Promise((resolve) => setTimeout(resolve, 1000))]);
  });
});

describe('BullMQ driver, a job that prefers this process', () => {
  it('runs in a free slot of this process without going through Redis, and through Redis when the slots are taken', async () => {
    const driver = new BullMqDriver({ redisUrl, prefix });
    const name = `here-${randomUUID().slice(0, 8)}`;
    const inRedis = new Queue(name, { connection: { url: redisUrl }, prefix });
    const seen: number[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    driver.process<{ n: number }>(name, async ({ n }) => {
      seen.push(n);
      await held;
    }, { concurrency: 1 });
    const counts = async () => {
      const c = await inRedis.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
      return c.waiting + c.active + c.delayed + c.completed + c.failed;
    };
    try {
      await driver.add(name, { n: 1 }, { preferLocal: true });
      // it started inside add, and Redis never saw it
      expect(seen).toEqual([1]);
      expect(await counts()).toBe(0);
      // the one slot is taken: this one goes through Redis
      await driver.add(name, { n: 2 }, { preferLocal: true });
      expect(await counts()).toBe(1);
      // a delayed job always does
      await driver.add(name, { n: 3 }, { preferLocal: true, delayMs: 60_000 });
      expect(await counts()).toBe(2);
      release();
      for (let i = 0; i < 100 && !seen.includes(2); i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(seen).toEqual([1, 2]);
    } finally {
      release();
      await driver.close();
      await inRedis.obliterate({ force: true }).catch(() => undefined);
      await inRedis.close();
    }
  });
});
