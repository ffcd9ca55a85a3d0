// A webhook step: the body rendered from Liquid (it must be JSON), signed, sent with an
// Idempotency-Key so the receiver can drop a repeat, retried with exponential backoff on network
// errors, 5xx and 429; any other 4xx fails at once (the request itself is wrong). A step batch's
// webhooks are claimed and recorded with one statement each, and sent concurrently.
import { Inject, Injectable } from '@nestjs/common';
import type { StepAction } from '@retain/rules';
import { LiquidTemplateError, renderLiquid } from '../../templates/liquid';
import { TemplateVariablesService, type LoadedVariables } from '../../templates/template-variables.service';
import type { ActionContext, ActionOutcome } from '../action-contract';
import { CHANNELS_CONFIG, type ChannelsConfig } from '../channels-config';
import { DeliveriesRepository, type DeliveryFinish } from '../deliveries.repository';
import { inLanes } from '../../common/async/in-lanes';
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

/** Webhook requests of one step batch in flight at once. */
const REQUESTS_IN_FLIGHT = 32;

interface Delivered {
  outcome: ActionOutcome;
  finish: DeliveryFinish;
}

@Injectable()
export class WebhookChannel {
  constructor(
    @Inject(CHANNELS_CONFIG) private readonly config: ChannelsConfig,
    private readonly deliveries: DeliveriesRepository,
    private readonly variables: TemplateVariablesService,
  ) {}

  async perform(action: WebhookAction, context: ActionContext): Promise<ActionOutcome> {
    return (await this.performMany([{ action, context }]))[0];
  }

  /**
   * A step batch's webhooks: one INSERT claims all of them (the idempotency rows), the requests go
   * out a few dozen at a time, and one UPDATE records how each ended. Outcomes in input order.
   */
  async performMany(items: readonly { action: WebhookAction; context: ActionContext }[]): Promise<ActionOutcome[]> {
    // the bodies' variables for the whole batch at once (one statement, not one per webhook), read
    // while the claim runs: a retried step's duplicates read them for nothing, a rare case
    const withBody = items.flatMap((item, i) => (hasBody(item.action) ? [i] : []));
    const loading = this.variables
      .forCustomers(withBody.map((i) => ({ customerId: items[i].context.customerId, journey: items[i].context })))
      .then((loaded) => new Map(withBody.map((i, k) => [i, loaded[k]])))
      .catch((error: Error) => error);
    const claims = await this.deliveries.claimMany(
      items.map((item) => item.context),
      'webhook',
      items.map(({ action }) => ({ url: action.url, method: action.method })),
    ).catch(async (error: unknown) => {
      await loading; // no read left running behind a failed claim
      throw error;
    });
    const outcomes: ActionOutcome[] = new Array(items.length);
    const toSend: number[] = [];
    claims.forEach((claim, i) => {
      if (claim.kind === 'claimed') toSend.push(i);
      else outcomes[i] = { status: 'duplicate', deliveryId: claim.deliveryId };
    });
    const variables = await loading;
    const finishes: DeliveryFinish[] = [];
    try {
      await inLanes(toSend.length, REQUESTS_IN_FLIGHT, async (k) => {
        const i = toSend[k];
        const deliveryId = claims[i].deliveryId;
        // a failed read of the variables fails only the webhooks that needed them; a crash before
        // the request (the database, a bug) fails this delivery only: the request never left
        const delivered =
          variables instanceof Error && hasBody(items[i].action)
            ? failure(deliveryId, `The webhook step failed: ${variables.message}`, 0)
            : await this.deliver(items[i].action, items[i].context, deliveryId, variables instanceof Error ? undefined : variables.get(i)).catch((error: Error) =>
                failure(deliveryId, `The webhook step failed: ${error.message}`, 0),
              );
        outcomes[i] = delivered.outcome;
        finishes.push(delivered.finish);
      });
    } finally {
      // what was sent is recorded even if a later request of the batch threw
      await this.deliveries.finishMany(finishes);
    }
    return outcomes;
  }

  /** Renders (from the customer's `loaded` variables), signs and sends one claimed webhook; how it ended, to record. */
  private async deliver(action: WebhookAction, context: ActionContext, deliveryId: number, loaded: LoadedVariables | undefined): Promise<Delivered> {
    const fail = (message: string, attempts: number, extra: Record<string, unknown> = {}) => failure(deliveryId, message, attempts, extra);

    let body: string | undefined;
    if (hasBody(action)) {
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
    headers['x-retain-delivery'] = String(deliveryId);

    const { maxAttempts, retryBaseMs, timeoutMs, allowlist } = this.config.webhook;
    let last: WebhookResponse | undefined;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      last = await sendWebhookRequest({ url: new URL(action.url), method: action.method, headers, body, timeoutMs }, allowlist);
      if (last.kind === 'refused') return fail(`The webhook destination is refused: ${last.message}.`, attempt);
      if (last.kind === 'response' && last.status >= 200 && last.status < 300) {
        const detail = { url: action.url, status: last.status };
        return { outcome: { status: 'sent', deliveryId, detail }, finish: { deliveryId, status: 'sent', attempts: attempt, detail, sentAt: context.now } };
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

function failure(deliveryId: number, message: string, attempts: number, extra: Record<string, unknown> = {}): Delivered {
  return { outcome: { status: 'failed', message }, finish: { deliveryId, status: 'failed', attempts, detail: { error: message, ...extra } } };
}

/** Does this webhook send a body (rendered from its template)? */
function hasBody(action: WebhookAction): action is WebhookAction & { bodyTemplate: string } {
  return Boolean(action.bodyTemplate) && action.method !== 'GET';
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
