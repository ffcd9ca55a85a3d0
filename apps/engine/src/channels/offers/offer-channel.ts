// An offer step issues one unique code. Issuing is only database writes, so the code and its
// delivery row commit in one transaction: exactly once per (enrollment, node), even across crashes.
// A step batch's offers are claimed, issued and recorded with one statement each.
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import type { StepAction } from '@retain/rules';
import { describeOffer } from '../../templates/template-variables.service';
import type { ActionContext, ActionOutcome } from '../action-contract';
import { DeliveriesRepository } from '../deliveries.repository';
import { newOfferCode } from './offer-codes';

export type OfferAction = Extract<StepAction, { type: 'offer' }>;

const DAY_MS = 86_400_000;
const MAX_DRAWS = 5;

interface Issued {
  offerId: number;
  code: string;
}

@Injectable()
export class OfferChannel {
  constructor(private readonly deliveries: DeliveriesRepository) {}

  async perform(action: OfferAction, context: ActionContext): Promise<ActionOutcome> {
    return (await this.performMany([{ action, context }]))[0];
  }

  /**
   * A step batch's offers in one transaction: one INSERT claims every (enrollment, node), one
   * INSERT issues the codes of the new claims (a code taken already is drawn again), one UPDATE
   * marks them sent. Codes and claims commit together: exactly once. Outcomes in input order.
   */
  performMany(items: readonly { action: OfferAction; context: ActionContext }[]): Promise<ActionOutcome[]> {
    return this.deliveries.transaction(async (client) => {
      const claims = await this.deliveries.claimMany(
        items.map((item) => item.context),
        'offer',
        items.map(() => ({})),
        client,
      );
      const outcomes: ActionOutcome[] = new Array(items.length);
      const claimed: number[] = [];
      claims.forEach((claim, i) => {
        if (claim.kind === 'claimed') claimed.push(i);
        else outcomes[i] = { status: 'duplicate', deliveryId: claim.deliveryId };
      });
      const issued = await issueCodes(client, items, claimed);
      const details: Record<string, unknown>[] = [];
      for (const i of claimed) {
        const { action, context } = items[i];
        const { offerId, code } = issued.get(i)!;
        const value = offerValue(action);
        const detail = {
          offerId,
          code,
          kind: action.kind,
          value,
          currency: action.currency ?? null,
          expiresAt: expiryOf(action, context).toISOString(),
          description: describeOffer(action.kind, value, action.currency ?? null),
        };
        details.push(detail);
        outcomes[i] = { status: 'sent', deliveryId: claims[i].deliveryId, detail };
      }
      if (claimed.length) {
        await client.query(
          `UPDATE deliveries d SET status = 'sent', attempts = 1, detail = u.d::jsonb, sent_at = u.t
             FROM unnest($1::int[], $2::text[], $3::timestamptz[]) AS u(id, d, t) WHERE d.id = u.id`,
          [claimed.map((i) => claims[i].deliveryId), details.map((d) => JSON.stringify(d)), claimed.map((i) => items[i].context.now.toISOString())],
        );
      }
      return outcomes;
    });
  }
}

const offerValue = (action: OfferAction) => (action.kind === 'free-shipping' ? 0 : action.value);
const expiryOf = (action: OfferAction, context: ActionContext) => new Date(context.now.getTime() + action.expiryDays * DAY_MS);

/** Inserts one new code for each of `indices`; a drawn code that exists already is drawn again. */
async function issueCodes(client: PoolClient, items: readonly { action: OfferAction; context: ActionContext }[], indices: readonly number[]): Promise<Map<number, Issued>> {
  const issued = new Map<number, Issued>();
  let pending = [...indices];
  for (let draw = 1; draw <= MAX_DRAWS && pending.length; draw++) {
    const codes = pending.map((i) => newOfferCode(items[i].action.codePrefix));
    const column = <T>(pick: (item: { action: OfferAction; context: ActionContext }) => T) => pending.map((i) => pick(items[i]));
    const { rows } = await client.query<{ id: number; code: string }>(
      `INSERT INTO offers (code, enrollment_id, node_id, customer_id, flow_id, flow_version_id, kind, value, currency, issued_at, expires_at)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::int[], $5::int[], $6::int[], $7::text[], $8::float8[], $9::text[], $10::timestamptz[], $11::timestamptz[])
       ON CONFLICT (code) DO NOTHING RETURNING id, code`,
      [
        codes,
        column((it) => it.context.enrollmentId),
        column((it) => it.context.nodeId),
        column((it) => it.context.customerId),
        column((it) => it.context.flowId),
        column((it) => it.context.flowVersionId),
        column((it) => it.action.kind),
        column((it) => offerValue(it.action)),
        column((it) => it.action.currency ?? null),
        column((it) => it.context.now.toISOString()),
        column((it) => expiryOf(it.action, it.context).toISOString()),
      ],
    );
    const inserted = new Map(rows.map((row) => [row.code, row.id]));
    const left: number[] = [];
    pending.forEach((i, k) => {
      const offerId = inserted.get(codes[k]);
      if (offerId !== undefined) {
        issued.set(i, { offerId, code: codes[k] });
        // a code drawn twice in one statement was inserted once: the other copy draws again
        inserted.delete(codes[k]);
      } else left.push(i);
    });
    pending = left;
  }
  if (pending.length) throw new Error(`Could not draw unique offer codes for ${pending.length} customers in ${MAX_DRAWS} tries.`);
  return issued;
}
