import type { StepAction } from '@retain/rules';
import { startTestApp, type TestApp } from '../testing/test-app';
import { ACTION_PERFORMER, type ActionContext, type ActionPerformer } from './action-contract';
import { detachedEnrollmentIds } from './testing/detached-enrollment-ids';

const offerAction = (nodeId = 'offer-1', expiryDays = 14): StepAction => ({ type: 'offer', nodeId, label: 'Offer', kind: 'percent', value: 15, expiryDays, codePrefix: 'BACK' });

describe('offers: unique codes, redemption by API and by tracked event', () => {
  let t: TestApp;
  let performer: ActionPerformer;
  let writeKey: string;
  let marketer: string;
  let analyst: string;
  const nextEnrollmentId = detachedEnrollmentIds(2);
  let customerSerial = 0;

  beforeAll(async () => {
    t = await startTestApp();
    performer = t.app.get<ActionPerformer>(ACTION_PERFORMER);
    writeKey = await t.apiKey(['ingest']);
    marketer = await t.tokenFor('marketer');
    analyst = await t.tokenFor('analyst');
  });
  afterAll(() => t.close());

  async function issue(now = new Date(), expiryDays = 14, externalId?: string) {
    const customer = await t.prisma.customer.create({ data: { email: `o${++customerSerial}@example.com`, externalId } });
    const context: ActionContext = { enrollmentId: nextEnrollmentId(), flowId: 3, flowVersionId: 4, nodeId: 'offer-1', customerId: customer.id, now };
    const outcome = await performer.perform(offerAction('offer-1', expiryDays), context);
    if (outcome.status !== 'sent') throw new Error(`offer not issued: ${JSON.stringify(outcome)}`);
    return { customer, context, code: outcome.detail!.code as string };
  }

  it('issues one code per (enrollment, node), different for every enrollment, and lists it for the customer', async () => {
    const { customer, context, code } = await issue(new Date('2026-11-20T10:00:00Z'));
    expect(await performer.perform(offerAction(), context)).toMatchObject({ status: 'duplicate' });
    expect(await t.prisma.offer.count({ where: { customerId: customer.id } })).toBe(1);
    const codes = new Set([code]);
    for (let i = 0; i < 20; i++) codes.add((await issue()).code);
    expect(codes.size).toBe(21);

    const listed = await t.request('GET', `/api/offers?customerId=${customer.id}`, { auth: analyst });
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([
      expect.objectContaining({ code, customerId: customer.id, flowId: 3, kind: 'percent', value: 15, description: '15 % off', expiresAt: '2026-12-04T10:00:00.000Z', enrollmentId: context.enrollmentId }),
    ]);
  });

  it('redeems a code once through the API: 200, then 409; unknown 404; expired 410; typed in lower case still matches', async () => {
    const { code } = await issue();
    const first = await t.request('POST', '/api/offers/redeem', { auth: writeKey, body: { code: ` ${code.toLowerCase()} `, orderId: 'A-1' } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ code, status: 'redeemed', redemptionSource: 'api', redemptionRef: 'A-1' });
    const again = await t.request('POST', '/api/offers/redeem', { auth: marketer, body: { code } });
    expect(again.status).toBe(409);
    expect(again.body.message).toContain('already redeemed');

    const unknown = await t.request('POST', '/api/offers/redeem', { auth: writeKey, body: { code: 'BACK-NOPE' } });
    expect(unknown).toMatchObject({ status: 404, body: { message: 'Offer code BACK-NOPE does not exist.' } });

    const old = await issue(new Date(Date.now() - 30 * 86_400_000), 7);
    const expired = await t.request('POST', '/api/offers/redeem', { auth: writeKey, body: { code: old.code } });
    expect(expired.status).toBe(410);
    expect(expired.body.code).toBe('GONE');
    expect(expired.body.message).toContain('expired');

    expect((await t.request('POST', '/api/offers/redeem', { auth: analyst, body: { code } })).status).toBe(403);
    expect((await t.request('POST', '/api/offers/redeem', { auth: writeKey, body: {} })).status).toBe(400);
  });

  it('only one of two concurrent redemptions of the same code wins', async () => {
    const { code } = await issue();
    const statuses = (await Promise.all([1, 2, 3].map(() => t.request('POST', '/api/offers/redeem', { auth: writeKey, body: { code } })))).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409]);
  });

  it('redeems a code carried by a tracked Order Completed (coupon) or offer_redeemed (code) event', async () => {
    const a = await issue(new Date(), 14, `buyer-${customerSerial}`);
    const track = await t.request('POST', '/v1/track', { auth: writeKey, body: { userId: a.customer.externalId, event: 'Order Completed', properties: { coupon: a.code, order_id: 'ORD-9', revenue: 20 } } });
    expect(track.status).toBe(200);
    expect(await t.prisma.offer.findUniqueOrThrow({ where: { code: a.code } })).toMatchObject({ redemptionSource: 'event', redemptionRef: 'ORD-9', redeemedAt: expect.any(Date) });

    const b = await issue(new Date(), 14, `buyer-${customerSerial}`);
    await t.request('POST', '/v1/track', { auth: writeKey, body: { userId: b.customer.externalId, event: 'offer_redeemed', properties: { code: b.code } } });
    expect(await t.prisma.offer.findUniqueOrThrow({ where: { code: b.code } })).toMatchObject({ redemptionSource: 'event', redemptionRef: 'offer_redeemed' });

    const c = await issue(new Date(), 14, `buyer-${customerSerial}`);
    await t.request('POST', '/v1/track', { auth: writeKey, body: { userId: c.customer.externalId, event: 'Product Viewed', properties: { coupon: c.code } } });
    expect(await t.prisma.offer.findUniqueOrThrow({ where: { code: c.code } })).toMatchObject({ redeemedAt: null });
  });
});
