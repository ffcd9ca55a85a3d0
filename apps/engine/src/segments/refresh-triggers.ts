import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { DomainEventBus } from '../events/domain-event-bus';
import { SegmentRefreshQueue } from './refresh-queue';

/**
 * When segments are refreshed: on a schedule, when the pipeline recomputed facts or activated a
 * model, and for single customers when new data about them arrives. Handlers only enqueue; they do
 * not wait for the refresh, so ingestion is never slowed by segment evaluation.
 */
@Injectable()
export class SegmentRefreshTriggers implements OnModuleInit {
  private readonly logger = new Logger('Segments');

  constructor(
    private readonly bus: DomainEventBus,
    private readonly queue: SegmentRefreshQueue,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe('customer.data-changed', ({ customerIds }) => this.detach(this.queue.enqueueCustomers(customerIds)));
    // a full facts refresh or a new model refreshes only the segments those can change
    this.bus.subscribe('customer.facts-updated', ({ customerIds }) => this.detach(customerIds === 'all' ? this.queue.enqueueAffectedBy('facts') : this.queue.enqueueCustomers(customerIds)));
    this.bus.subscribe('model.activated', () => this.detach(this.queue.enqueueAffectedBy('scores')));
    this.bus.subscribe('model.rescored', () => this.detach(this.queue.enqueueAffectedBy('scores')));
  }

  /** Hourly full refresh: catches time-based rules (“no purchase for 30 days”) that no event announces. */
  @Cron(CronExpression.EVERY_HOUR, { name: 'segments-refresh' })
  scheduledRefresh(): void {
    this.detach(this.queue.enqueueAll());
  }

  private detach(done: Promise<unknown>): void {
    // the queue logs failures; a rejected promise nobody awaits must not crash the process
    done.catch(() => this.logger.warn('A triggered segment refresh failed (see the error above).'));
  }
}
