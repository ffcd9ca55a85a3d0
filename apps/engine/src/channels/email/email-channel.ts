// An email step: guards (consent, address, quiet hours, frequency cap), the claim, Liquid
// rendering for this customer, and the SMTP send. See action-performer.ts for the ordering.
import { Inject, Injectable } from '@nestjs/common';
import { renderLiquid, LiquidTemplateError } from '../../templates/liquid';
import { EmailTemplatesRepository } from '../../templates/email-templates.repository';
import { TemplateVariablesService, type LoadedVariables, type TemplateVariables } from '../../templates/template-variables.service';
import { databaseId } from '../../flows/flow-reference-resolver';
import type { ActionContext, ActionOutcome, ActionSkipReason } from '../action-contract';
import { CHANNELS_CONFIG, type ChannelsConfig } from '../channels-config';
import { DeliveriesRepository } from '../deliveries.repository';
import { quietHoursEnd } from '../guards/quiet-hours';
import { ENV } from '../../config/config.module';
import type { Env } from '../../config/env';
import { trackingLinksFrom, type TrackingLinks } from '../../tracking/tracking-tokens';
import { EmailSender } from './email-sender';
import { addEmailTracking } from './email-tracking';
import { inLanes } from '../../common/async/in-lanes';
import type { StepAction } from '@retain/rules';

export type EmailAction = Extract<StepAction, { type: 'email' }>;

export interface RenderedEmail {
  subject: string;
  html: string;
}

@Injectable()
export class EmailChannel {
  private readonly tracking: TrackingLinks;

  constructor(
    @Inject(CHANNELS_CONFIG) private readonly config: ChannelsConfig,
    private readonly deliveries: DeliveriesRepository,
    private readonly variables: TemplateVariablesService,
    private readonly templates: EmailTemplatesRepository,
    private readonly sender: EmailSender,
    @Inject(ENV) env: Env,
  ) {
    this.tracking = trackingLinksFrom(env);
  }

  async perform(action: EmailAction, context: ActionContext): Promise<ActionOutcome> {
    return this.performLoaded(action, context, await this.variables.forCustomer(context.customerId, context));
  }

  /**
   * A step batch's emails: every customer's variables read at once (one statement), then each
   * email through its guards and sent, `inFlight` at a time. `onError` turns one email's crash into
   * its outcome. Outcomes in input order.
   */
  async performMany(
    items: readonly { action: EmailAction; context: ActionContext }[],
    inFlight: number,
    onError: (context: ActionContext, error: Error) => ActionOutcome,
  ): Promise<ActionOutcome[]> {
    const loaded = await this.variables.forCustomers(items.map(({ context }) => ({ customerId: context.customerId, journey: context })));
    return inLanes(items.length, inFlight, (i) => this.performLoaded(items[i].action, items[i].context, loaded[i]).catch((error: Error) => onError(items[i].context, error)));
  }

  private async performLoaded(action: EmailAction, context: ActionContext, loaded: LoadedVariables | undefined): Promise<ActionOutcome> {
    if (!loaded) return { status: 'failed', message: `Customer ${context.customerId} does not exist.` };
    const { customer, variables } = loaded;
    if (!customer.emailConsent) return this.skip(context, 'no-consent', 'The customer has not agreed to receive emails (email consent is off).');
    if (!customer.email) return this.skip(context, 'no-email-address', 'The customer has no email address.');
    if (this.config.quietHours) {
      const until = quietHoursEnd(context.now, customer.timeZone ?? 'UTC', this.config.quietHours);
      if (until) return { status: 'deferred', until, reason: 'quiet-hours' };
    }

    const claim = await this.deliveries.claim(context, 'email', 'sending', { to: customer.email }, this.config.emailFrequencyCap);
    if (claim.kind === 'duplicate') return { status: 'duplicate', deliveryId: claim.deliveryId };
    if (claim.kind === 'capped') {
      const cap = this.config.emailFrequencyCap!;
      return { status: 'skipped', reason: 'frequency-cap', message: `The customer already got ${claim.recent} email(s) in the cap's window (${cap.text}).` };
    }

    let rendered: RenderedEmail;
    try {
      rendered = await this.render(action, variables);
    } catch (error) {
      const message = error instanceof LiquidTemplateError || error instanceof EmailContentError ? error.message : String(error);
      await this.deliveries.finish(claim.deliveryId, 'failed', 0, { error: message });
      return { status: 'failed', message };
    }

    const result = await this.sender.send({
      from: action.from,
      to: customer.email,
      subject: rendered.subject,
      // the open pixel and signed click links name this delivery (tracking/tracking.controller.ts records them)
      html: addEmailTracking(rendered.html, claim.deliveryId, this.tracking),
      headers: { 'X-Retain-Delivery': String(claim.deliveryId), 'X-Retain-Flow': String(context.flowId) },
    });
    if (!result.ok) {
      await this.deliveries.finish(claim.deliveryId, 'failed', result.attempts, { error: result.message, subject: rendered.subject });
      return { status: 'failed', message: result.message };
    }
    const detail = { to: customer.email, subject: rendered.subject, messageId: result.messageId, ...(variables.offer ? { offerCode: variables.offer.code } : {}) };
    await this.deliveries.finish(claim.deliveryId, 'sent', result.attempts, detail, context.now);
    return { status: 'sent', deliveryId: claim.deliveryId, detail };
  }

  /** Subject and HTML body for these variables, from the node's inline content or its saved template. */
  async render(action: Pick<EmailAction, 'content'>, variables: TemplateVariables): Promise<RenderedEmail> {
    const content = action.content;
    let subject: string;
    let body: string;
    if (content.source === 'inline') {
      subject = content.subject;
      body = content.body;
    } else {
      const id = databaseId(content.templateId);
      const template = id === undefined ? undefined : await this.templates.find(id);
      if (!template) throw new EmailContentError(`Email template ${content.templateId} does not exist.`);
      subject = content.subject || template.subject;
      body = template.body;
    }
    const vars = variables as unknown as Record<string, unknown>;
    return {
      subject: (await renderLiquid(subject, vars, 'text').catch(prefix('subject'))).replace(/\s+/g, ' ').trim(),
      html: await renderLiquid(body, vars, 'html').catch(prefix('body')),
    };
  }

  private async skip(context: ActionContext, reason: ActionSkipReason, message: string): Promise<ActionOutcome> {
    const claim = await this.deliveries.claim(context, 'email', 'skipped', { reason, message });
    if (claim.kind === 'duplicate') return { status: 'duplicate', deliveryId: claim.deliveryId };
    return { status: 'skipped', reason, message };
  }
}

export class EmailContentError extends Error {}

function prefix(where: string) {
  return (error: unknown): never => {
    if (error instanceof LiquidTemplateError) throw new LiquidTemplateError({ ...error.problem, message: `The email ${where} cannot be rendered: ${error.problem.message}` });
    throw error;
  };
}
