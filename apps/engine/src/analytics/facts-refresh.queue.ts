import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DomainEventBus } from '../events/domain-event-bus';
import { FactsPipeline, FactsRefreshResult } from './facts-pipeline.service';

/** Above this many changed customers one full refresh is cheaper than the per-customer path. */
const FULL_REFRESH_ABOVE = 50_000;

export interface FactsRefreshStatus {
  running: boolean;
  queued: boolean;
  last: (FactsRefreshResult & { finishedAt: Date }) | null;
  lastError: string | null;
}

/**
 * Runs facts refreshes one at a time in this process: a full refresh asked for while one runs is
 * queued once (asking again adds nothing), and `customer.data-changed` updates just the changed
 * customers.
 */
@Injectable()
export class FactsRefreshQueue implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Facts');
  private running: Promise<void> | null = null;
  private queued = false;
  private last: FactsRefreshStatus['last'] = null;
  private lastError: string | null = null;
  private unsubscribe?: () => void;

  constructor(
    private readonly pipeline: FactsPipeline,
    private readonly events: DomainEventBus,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.events.subscribe('customer.data-changed', async ({ customerIds }) => {
      if (customerIds.length > FULL_REFRESH_ABOVE) {
        this.enqueue();
        return;
      }
      await this.pipeline.refreshCustomers(customerIds);
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.unsubscribe?.();
    this.queued = false;
    await this.running?.catch(() => undefined);
  }

  status(): FactsRefreshStatus {
    return { running: this.running !== null, queued: this.queued, last: this.last, lastError: this.lastError };
  }

  /** Starts a full refresh now, or after the one running. Returns the status right after enqueueing. */
  enqueue(): FactsRefreshStatus {
    if (this.running) this.queued = true;
    else this.start();
    return this.status();
  }

  /** Resolves when no refresh runs or waits (tests, the demo step). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private start(): void {
    this.running = this.pipeline
      .refreshAll()
      .then((result) => {
        this.last = { ...result, finishedAt: new Date() };
        this.lastError = null;
      })
      .catch((error: unknown) => {
        this.lastError = error instanceof Error ? error.message : String(error);
        this.logger.error(`Facts refresh failed: ${this.lastError}`);
      })
      .finally(() => {
        this.running = null;
        if (this.queued) {
          this.queued = false;
          this.start();
        }
      });
  }
}
