// The runtime's ActionPerformer. The guarantee, per (enrollment, node):
//  - never performed twice: a delivery row is inserted (unique index) before anything is sent,
//    and only the call that inserted it performs the action; every later call gets `duplicate`;
//  - offers are exactly once (code and row commit together);
//  - email and webhooks are at most once: if the engine dies after the SMTP server or the
//    receiver took the message but before the result is recorded, the row stays `sending`, is
//    marked `unknown` after RETAIN_DELIVERY_UNKNOWN_AFTER_SECONDS, and is never resent.
//    Webhook receivers can drop repeats of the Idempotency-Key `<enrollment>:<node>` anyway.
// A step batch's actions come together (performMany): one query finds the emails done already,
// and each channel claims and records its share with bulk statements (a claim that finds the row
// taken is a duplicate).
// Guards run first: a customer without consent or address is `skipped` (recorded, so a retry is
// a `duplicate`), quiet hours give `deferred` (nothing recorded: call again at `until`), and the
// frequency cap is checked atomically with the claim.
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { StepAction } from '@retain/rules';
import type { ActionContext, ActionOutcome, ActionPerformer, ActionRequest } from './action-contract';
import { CHANNELS_CONFIG, type ChannelsConfig } from './channels-config';
import { DeliveriesRepository, deliveryKey, type DeliveryRow } from './deliveries.repository';
import { EmailChannel, type EmailAction } from './email/email-channel';
import { OfferChannel, type OfferAction } from './offers/offer-channel';
import { WebhookChannel, type WebhookAction } from './webhooks/webhook-channel';

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
    return (await this.performMany([{ action, context }]))[0];
  }

  async performMany(requests: readonly ActionRequest[]): Promise<ActionOutcome[]> {
    const outcomes: ActionOutcome[] = new Array(requests.length);
    // Emails look for an earlier delivery first: a retry must be a duplicate before any guard (a
    // quiet hour would defer it). Webhooks and offers need no look: their bulk claim tells.
    const emails = requests.filter(({ action }) => action.type === 'email');
    const existing = emails.length ? await this.deliveries.findMany(emails.map((r) => r.context)) : new Map<string, DeliveryRow>();
    const byType = { email: [] as number[], offer: [] as number[], webhook: [] as number[] };
    requests.forEach(({ action, context }, i) => {
      const found = existing.get(deliveryKey(context.enrollmentId, context.nodeId));
      if (found) outcomes[i] = { status: 'duplicate', deliveryId: found.id };
      else byType[action.type].push(i);
    });
    const run = async <A extends StepAction>(indices: number[], type: A['type'], performAll: (list: { action: A; context: ActionContext }[]) => Promise<ActionOutcome[]>) => {
      if (!indices.length) return;
      try {
        const results = await performAll(indices.map((i) => ({ action: requests[i].action as A, context: requests[i].context })));
        indices.forEach((i, k) => (outcomes[i] = results[k]));
      } catch (error) {
        // A database error or a bug: these steps fail with a message instead of throwing into the runtime.
        this.logger.error(`${indices.length} ${type} step(s) failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        for (const i of indices) outcomes[i] = { status: 'failed', message: `The ${type} step failed: ${error instanceof Error ? error.message : String(error)}` };
      }
    };
    await Promise.all([
      run(byType.webhook, 'webhook', (list) => this.webhook.performMany(list as { action: WebhookAction; context: ActionContext }[])),
      run(byType.offer, 'offer', (list) => this.offer.performMany(list as { action: OfferAction; context: ActionContext }[])),
      // email has per-customer guards (consent, frequency cap under a lock, quiet hours): one at a time each, a few at once
      run(byType.email, 'email', (list) => this.email.performMany(list as { action: EmailAction; context: ActionContext }[], EMAILS_IN_FLIGHT, (context, error) => this.failedStep('email', context, error))),
    ]);
    // A duplicate may be a delivery its performer never finished (the engine stopped mid-send):
    // once old enough it is marked unknown, never resent.
    // Housekeeping after the sends: a failure here must not undo the batch's outcomes.
    if (outcomes.some((outcome) => outcome.status === 'duplicate')) {
      await this.deliveries.markStaleAsUnknown(this.config.unknownAfterMs).catch((error: Error) => this.logger.warn(`Could not mark interrupted deliveries unknown (tried again later): ${error.message}`));
    }
    return outcomes;
  }

  private failedStep(type: string, context: ActionContext, error: Error): ActionOutcome {
    this.logger.error(`The ${type} step ${context.nodeId} of enrollment ${context.enrollmentId} failed: ${error.stack ?? error.message}`);
    return { status: 'failed', message: `The ${type} step failed: ${error.message}` };
  }
}

/** Emails of one batch sent at once. */
const EMAILS_IN_FLIGHT = 8;
