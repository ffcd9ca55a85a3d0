import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { DomainEventBus } from './domain-event-bus';
import type { DomainEvents } from './domain-events';

/** How long ids are collected before one `customer.data-changed` goes out. */
export const CHANGED_CUSTOMERS_FLUSH_MS = 1_000;

/**
 * Collects the customers whose data changed and publishes them as one `customer.data-changed`
 * per second, off the request path: ingestion at thousands of events a second must not wait for
 * segment and feature refreshes, and a customer sending 50 events needs one refresh, not 50.
 */
@Injectable()
export class ChangedCustomersNotifier implements OnModuleDestroy {
  private pending = new Map<DomainEvents['customer.data-changed']['source'], Set<number>>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly bus: DomainEventBus) {}

  add(customerIds: Iterable<number>, source: DomainEvents['customer.data-changed']['source']): void {
    const set = this.pending.get(source) ?? new Set<number>();
    for (const id of customerIds) set.add(id);
    if (set.size === 0) return;
    this.pending.set(source, set);
    this.timer ??= setTimeout(() => void this.flush(), CHANGED_CUSTOMERS_FLUSH_MS);
  }

  /** Publishes what is pending now (tests and shutdown call it). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batches = this.pending;
    this.pending = new Map();
    this.flushing = this.flushing.then(async () => {
      for (const [source, ids] of batches) await this.bus.publish('customer.data-changed', { customerIds: [...ids], source });
    });
    return this.flushing;
  }

  async onModuleDestroy(): Promise<void> {
    await this.flush();
  }
}
