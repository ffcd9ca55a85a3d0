// An offer step issues one unique code. Issuing is only database writes, so the code and its
// delivery row commit in one transaction: exactly once per (enrollment, node), even across crashes.
import { Injectable } from '@nestjs/common';
import type { StepAction } from '@retain/rules';
import { describeOffer } from '../../templates/template-variables.service';
import type { ActionContext, ActionOutcome } from '../action-contract';
import { DeliveriesRepository } from '../deliveries.repository';
import { newOfferCode } from './offer-codes';

export type OfferAction = Extract<StepAction, { type: 'offer' }>;

const DAY_MS = 86_400_000;
const MAX_DRAWS = 5;

@Injectable()
export class OfferChannel {
  constructor(private readonly deliveries: DeliveriesRepository) {}

  async perform(action: OfferAction, context: ActionContext): Promise<ActionOutcome> {
    const expiresAt = new Date(context.now.getTime() + action.expiryDays * DAY_MS);
    const value = action.kind === 'free-shipping' ? 0 : action.value;
    const result = await this.deliveries.claimAndPerform(context, 'offer', async (client) => {
      for (let draw = 1; draw <= MAX_DRAWS; draw++) {
        const code = newOfferCode(action.codePrefix);
        const { rows } = await client.query<{ id: number }>(
          `INSERT INTO offers (code, enrollment_id, node_id, customer_id, flow_id, flow_version_id, kind, value, currency, issued_at, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (code) DO NOTHING RETURNING id`,
          [code, context.enrollmentId, context.nodeId, context.customerId, context.flowId, context.flowVersionId, action.kind, value, action.currency ?? null, context.now, expiresAt],
        );
        if (rows[0]) {
          const detail = { offerId: rows[0].id, code, kind: action.kind, value, currency: action.currency ?? null, expiresAt: expiresAt.toISOString(), description: describeOffer(action.kind, value, action.currency ?? null) };
          return { detail, value: detail };
        }
      }
      throw new Error(`Could not draw a unique offer code with prefix "${action.codePrefix}" in ${MAX_DRAWS} tries.`);
    });
    if (result.kind === 'duplicate') return { status: 'duplicate', deliveryId: result.deliveryId };
    return { status: 'sent', deliveryId: result.deliveryId, detail: result.value };
  }
}
