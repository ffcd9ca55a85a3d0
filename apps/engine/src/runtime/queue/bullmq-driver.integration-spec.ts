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
