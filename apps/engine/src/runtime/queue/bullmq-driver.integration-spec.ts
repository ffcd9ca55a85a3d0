import { randomUUID } from 'node:crypto';
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
  it('runs in a free slot of this process without Redis, and goes to Redis when the slots are taken', async () => {
    // nothing listens on port 1: only a job that never touches Redis can run
    const driver = new BullMqDriver({ redisUrl: 'redis://127.0.0.1:1', prefix, addTimeoutMs: 300 });
    const seen: number[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    driver.process<{ n: number }>('here', async ({ n }) => {
      seen.push(n);
      await held;
    }, { concurrency: 1 });
    await driver.add('here', { n: 1 }, { preferLocal: true });
    expect(seen).toEqual([1]);
    // the one slot is taken: this job must go through Redis, which is not there
    await expect(driver.add('here', { n: 2 }, { preferLocal: true })).rejects.toThrow(/did not take the job/);
    release();
    await new Promise((resolve) => setTimeout(resolve, 20));
    // the slot is free again: a delayed job still never runs here, a job for now does
    await expect(driver.add('here', { n: 3 }, { preferLocal: true, delayMs: 10 })).rejects.toThrow(/did not take the job/);
    await driver.add('here', { n: 4 }, { preferLocal: true });
    await Promise.race([driver.close(), new Promise((resolve) => setTimeout(resolve, 1000))]);
    expect(seen).toEqual([1, 4]);
  });
});
