// Chooses the queue driver from the environment (BullMQ when REDIS_URL is set, in-process
// otherwise) and closes it when the application stops.
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ENV } from '../../config/config.module';
import type { Env } from '../../config/env';
import { BullMqDriver } from './bullmq-driver';
import { InProcessDriver } from './in-process-driver';
import type { QueueDriver } from './queue-driver';

@Injectable()
export class QueueHost implements OnModuleDestroy {
  readonly driver: QueueDriver;

  constructor(@Inject(ENV) env: Env) {
    this.driver = env.REDIS_URL ? new BullMqDriver({ redisUrl: env.REDIS_URL, prefix: env.RETAIN_QUEUE_PREFIX }) : new InProcessDriver();
    const logger = new Logger('Runtime');
    logger.log(`Queue: ${this.driver.kind === 'bullmq' ? 'BullMQ on REDIS_URL' : 'in-process (no REDIS_URL)'}`);
    if (!env.REDIS_URL && !env.RETAIN_ROLES.includes('worker')) {
      logger.warn('No REDIS_URL and no worker role: this process queues steps that nothing will run. Add the worker role or set REDIS_URL.');
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.driver.close();
  }
}
