import { randomUUID } from 'node:crypto';
import { BullMqDriver } from './bullmq-driver';
import { describeQueueDriverContract } from './queue-driver.contract';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
// a prefix of its own per run: runs and other tests sharing this Redis never see each other's jobs
const prefix = `retain-test-${randomUUID().slice(0, 8)}`;

describeQueueDriverContract('BullMQ', (retry) => new BullMqDriver({ redisUrl, prefix, retry }));
