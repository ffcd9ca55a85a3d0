// Redeems codes that arrive in tracked events: `offer_redeemed`, or Segment's `Order Completed`
// with `properties.coupon` (or `properties.code`). Unknown, used or expired codes are ignored
// here (shops also use codes Retain did not issue); the API reports those errors.
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DomainEventBus } from '../../events/domain-event-bus';
import type { TrackedEvent } from '../../events/domain-events';
import { OffersService } from './offers.service';

export const REDEEMING_EVENTS: readonly string[] = ['offer_redeemed', 'order completed'];

/** The code an event carries, if it is a redeeming event. */
export function codeOfEvent(event: Pick<TrackedEvent, 'name' | 'properties'>): string | undefined {
  if (!REDEEMING_EVENTS.includes(event.name.trim().toLowerCase())) return undefined;
  const code = event.properties.coupon ?? event.properties.code;
  return typeof code === 'string' && code.trim() ? code : undefined;
}

function orderRef(properties: Record<string, unknown>): string | undefined {
  const ref = properties.order_id ?? properties.orderId;
  return typeof ref === 'string' || typeof ref === 'number' ? String(ref) : undefined;
}

@Injectable()
export class OfferRedemptionListener implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Offers');
  private unsubscribe?: () => void;

  constructor(
    private readonly bus: DomainEventBus,
    private readonly offers: OffersService,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.bus.subscribe('customer.events-tracked', ({ events }) => this.handle(events));
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  async handle(events: readonly TrackedEvent[]): Promise<void> {
    for (const event of events) {
      const code = codeOfEvent(event);
      if (!code) continue;
      try {
        await this.offers.redeem(code, 'event', event.occurredAt, orderRef(event.properties) ?? event.name);
      } catch (error) {
        this.logger.debug(`Event ${event.name} of customer ${event.customerId} carried code ${code}: not redeemed (${(error as Error).message})`);
      }
    }
  }
}
