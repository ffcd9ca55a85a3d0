import { Injectable, Logger } from '@nestjs/common';
import type { DomainEventName, DomainEvents } from './domain-events';

type Handler<E extends DomainEventName> = (payload: DomainEvents[E]) => void | Promise<void>;

/**
 * In-process publish/subscribe for domain events. Handlers run after the publisher's work is
 * committed, one after another; a failing handler is logged and does not fail the publisher.
 */
@Injectable()
export class DomainEventBus {
  private readonly logger = new Logger('DomainEvents');
  private readonly handlers = new Map<DomainEventName, Handler<DomainEventName>[]>();

  subscribe<E extends DomainEventName>(event: E, handler: Handler<E>): () => void {
    const list = this.handlers.get(event) ?? [];
    list.push(handler as Handler<DomainEventName>);
    this.handlers.set(event, list);
    return () => this.handlers.set(event, (this.handlers.get(event) ?? []).filter((h) => h !== handler));
  }

  /** Resolves when every handler has run (so tests and callers can wait for the consequences). */
  async publish<E extends DomainEventName>(event: E, payload: DomainEvents[E]): Promise<void> {
    for (const handler of this.handlers.get(event) ?? []) {
      try {
        await handler(payload);
      } catch (error) {
        this.logger.error(`A handler of ${event} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      }
    }
  }
}
