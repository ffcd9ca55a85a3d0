// The runtime's ActionPerformer. The guarantee, per (enrollment, node):
//  - never performed twice: a delivery row is inserted (unique index) before anything is sent,
//    and only the call that inserted it performs the action; every later call gets `duplicate`;
//  - offers are exactly once (code and row commit together);
//  - email and webhooks are at most once: if the engine dies after the SMTP server or the
//    receiver took the message but before the result is recorded, the row stays `sending`, is
//    marked `unknown` after RETAIN_DELIVERY_UNKNOWN_AFTER_SECONDS, and is never resent.
//    Webhook receivers can drop repeats of the Idempotency-Key `<enrollment>:<node>` anyway.
// Guards run first: a customer without consent or address is `skipped` (recorded, so a retry is
// a `duplicate`), quiet hours give `deferred` (nothing recorded: call again at `until`), and the
// frequency cap is checked atomically with the claim.
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { StepAction } from '@retain/rules';
import type { ActionContext, ActionOutcome, ActionPerformer } from './action-contract';
import { CHANNELS_CONFIG, type ChannelsConfig } from './channels-config';
import { DeliveriesRepository } from './deliveries.repository';
import { EmailChannel } from './email/email-channel';
import { OfferChannel } from './offers/offer-channel';
import { WebhookChannel } from './webhooks/webhook-channel';

@Injectable()
export class ChannelsActionPerformer implements ActionPerformer, OnModuleInit {
  private readonly logger = new Logger('Channels');

  constructor(
    @Inject(CHANNELS_CONFIG) private readonly config: ChannelsConfig,
    private readonly deliveries: DeliveriesRepository,
    private readonly email: EmailChannel,
    private readonly offer: OfferChannel,
    private readonly webhook: WebhookChannel,
  ) {}

  async onModuleInit(): Promise<void> {
    const stale = await this.deliveries.markStaleAsUnknown(this.config.unknownAfterMs);
    if (stale) this.logger.warn(`${stale} delivery(ies) were interrupted by a stop while being sent; marked unknown, not resent.`);
  }

  async perform(action: StepAction, context: ActionContext): Promise<ActionOutcome> {
    const existing = await this.deliveries.find(context.enrollmentId, context.nodeId);
    if (existing) {
      if (existing.status === 'sending') await this.deliveries.markStaleAsUnknown(this.config.unknownAfterMs);
      return { status: 'duplicate', deliveryId: existing.id };
    }
    try {
      switch (action.type) {
        case 'email':
          return await this.email.perform(action, context);
        case 'offer':
          return await this.offer.perform(action, context);
        case 'webhook':
          return await this.webhook.perform(action, context);
      }
    } catch (error) {
      // A database error or a bug: the step fails with a message instead of throwing into the runtime.
      this.logger.error(`The ${action.type} step ${context.nodeId} of enrollment ${context.enrollmentId} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return { status: 'failed', message: `The ${action.type} step failed: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
}
