// A webhook step: the body rendered from Liquid (it must be JSON), signed, sent with an
// Idempotency-Key so the receiver can drop a repeat, retried with exponential backoff on network
// errors, 5xx and 429; any other 4xx fails at once (the request itself is wrong).
import { Inject, Injectable } from '@nestjs/common';
import type { StepAction } from '@retain/rules';
import { LiquidTemplateError, renderLiquid } from '../../templates/liquid';
import { TemplateVariablesService } from '../../templates/template-variables.service';
import type { ActionContext, ActionOutcome } from '../action-contract';
import { CHANNELS_CONFIG, type ChannelsConfig } from '../channels-config';
import { DeliveriesRepository } from '../deliveries.repository';
import { sendWebhookRequest, type WebhookResponse } from './webhook-request';
import { signWebhook } from './webhook-signature';

export type WebhookAction = Extract<StepAction, { type: 'webhook' }>;

/** Retry a response with this status? Network errors are always retried. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** Backoff before attempt `attempt + 1`: base, 2×base, 4×base, … */
export function backoffMs(attempt: number, baseMs: number): number {
  return baseMs * 2 ** (attempt - 1);
}

@Injectable()
export class WebhookChannel {
  constructor(
    @Inject(CHANNELS_CONFIG) private readonly config: ChannelsConfig,
    private readonly deliveries: DeliveriesRepository,
    private readonly variables: TemplateVariablesService,
  ) {}

  async perform(action: WebhookAction, context: ActionContext): Promise<ActionOutcome> {
    const claim = await this.deliveries.claim(context, 'webhook', 'sending', { url: action.url, method: action.method });
    if (claim.kind !== 'claimed') return { status: 'duplicate', deliveryId: claim.deliveryId };
    const fail = async (message: string, attempts: number, extra: Record<string, unknown> = {}): Promise<ActionOutcome> => {
      await this.deliveries.finish(claim.deliveryId, 'failed', attempts, { error: message, ...extra });
      return { status: 'failed', message };
    };

    let body: string | undefined;
    if (action.bodyTemplate && action.method !== 'GET') {
      const loaded = await this.variables.forCustomer(context.customerId, context);
      if (!loaded) return fail(`Customer ${context.customerId} does not exist.`, 0);
      try {
        body = await renderLiquid(action.bodyTemplate, loaded.variables as unknown as Record<string, unknown>, 'json');
      } catch (error) {
        return fail(`The webhook body cannot be rendered: ${error instanceof LiquidTemplateError ? error.message : String(error)}`, 0);
      }
      try {
        JSON.parse(body);
      } catch (error) {
        return fail(`The rendered webhook body is not valid JSON (${(error as Error).message}): ${body.slice(0, 200)}`, 0);
      }
    }

    const timestamp = Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = { 'user-agent': 'Retain-Webhooks/1', ...lowerCaseKeys(action.headers) };
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    headers['idempotency-key'] = `${context.enrollmentId}:${context.nodeId}`;
    headers['x-retain-timestamp'] = String(timestamp);
    headers['x-retain-signature'] = signWebhook(this.config.webhook.secret, timestamp, body ?? '');
    headers['x-retain-delivery'] = String(claim.deliveryId);

    const { maxAttempts, retryBaseMs, timeoutMs, allowlist } = this.config.webhook;
    let last: WebhookResponse | undefined;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      last = await sendWebhookRequest({ url: new URL(action.url), method: action.method, headers, body, timeoutMs }, allowlist);
      if (last.kind === 'refused') return fail(`The webhook destination is refused: ${last.message}.`, attempt);
      if (last.kind === 'response' && last.status >= 200 && last.status < 300) {
        const detail = { url: action.url, status: last.status };
        await this.deliveries.finish(claim.deliveryId, 'sent', attempt, detail, context.now);
        return { status: 'sent', deliveryId: claim.deliveryId, detail };
      }
      if (last.kind === 'response' && !isRetryableStatus(last.status)) {
        return fail(`The webhook answered ${last.status}${last.body ? `: ${last.body.slice(0, 200)}` : ''}.`, attempt, { status: last.status });
      }
      if (attempt < maxAttempts) await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt, retryBaseMs)));
    }
    const why = last?.kind === 'response' ? `it answered ${last.status}` : `${last?.kind === 'network-error' ? last.message : 'no answer'}`;
    return fail(`The webhook failed after ${maxAttempts} attempts: ${why}.`, maxAttempts, last?.kind === 'response' ? { status: last.status } : {});
  }
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
