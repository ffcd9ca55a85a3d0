import { detachedEnrollmentIds } from '../channels/testing/detached-enrollment-ids';
import { startTestApp, type TestApp } from '../testing/test-app';
import { TemplateVariablesService } from './template-variables.service';

describe('template variables of a batch of renders', () => {
  let t: TestApp;
  let variables: TemplateVariablesService;
  const nextEnrollmentId = detachedEnrollmentIds(6);

  beforeAll(async () => {
    t = await startTestApp();
    variables = t.app.get(TemplateVariablesService);
  });
  afterAll(() => t.close());

  it('answers each request as a render of its own would: customer, segments in name order, score with reasons, the journey’s offer and flow', async () => {
    const ada = await t.prisma.customer.create({ data: { name: 'Ada King Lovelace', email: 'ada@example.com', country: 'UK', timeZone: 'Europe/London', emailConsent: true, attributes: { plan: 'gold' } } });
    const bob = await t.prisma.customer.create({ data: { name: 'Bob', email: null } });
    const [zeta, alpha, archived] = await Promise.all(
      [`Zeta ${Date.now()}`, `Alpha ${Date.now()}`, `Gone ${Date.now()}`].map((name) => t.prisma.segment.create({ data: { name, kind: 'manual' } })),
    );
    await t.prisma.segment.update({ where: { id: archived.id }, data: { archivedAt: new Date() } });
    await t.prisma.segmentMembership.createMany({ data: [zeta, alpha, archived].map((s) => ({ segmentId: s.id, customerId: ada.id })) });
    const model = await t.prisma.modelVersion.create({ data: { kind: 'churn', algorithm: 'forest', version: 901, status: 'active', activatedAt: new Date(), featureNames: [], artifact: {} } });
    await t.prisma.customerScore.create({ data: { customerId: ada.id, modelVersionId: model.id, score: 0.8123, reasons: [{ feature: 'recency', text: 'no purchase for 94 days' }] } });
    await t.prisma.customerFacts.create({
      data: { customerId: ada.id, asOf: new Date('2026-05-01T00:00:00Z'), recencyDays: 94, frequency: 7, monetary: 412.5, purchaseTrend: Number.NaN, recencyScore: 2, frequencyScore: 4, monetaryScore: 5, rfmSegment: 'At Risk' },
    });
    const flow = await t.prisma.flow.create({ data: { name: 'Win back' } });
    const [withOffer, withoutOffer] = [nextEnrollmentId(), nextEnrollmentId()];
    const offer = { customerId: ada.id, flowId: flow.id, flowVersionId: 1, kind: 'percent', value: 15 };
    await t.prisma.offer.createMany({
      data: [
        { ...offer, nodeId: 'first-offer', code: 'OLD-1', enrollmentId: BigInt(withOffer), issuedAt: new Date('2026-01-01'), expiresAt: new Date('2026-02-01') },
        { ...offer, nodeId: 'second-offer', code: 'NEW-2', enrollmentId: BigInt(withOffer), issuedAt: new Date('2026-03-01'), expiresAt: new Date('2026-04-01') },
      ],
    });

    const requests = [
      { customerId: ada.id, journey: { enrollmentId: withOffer, flowId: flow.id, flowVersionId: 7, variantId: 'B' } },
      { customerId: bob.id },
      { customerId: 2_000_000_000 },
      { customerId: ada.id, journey: { enrollmentId: withoutOffer } },
    ];
    const batch = await variables.forCustomers(requests);
    const oneByOne = await Promise.all(requests.map((r) => variables.forCustomer(r.customerId, r.journey)));
    expect(batch).toEqual(oneByOne);

    const [first, second, unknown, fourth] = batch;
    expect(first!.customer).toEqual({ id: ada.id, email: 'ada@example.com', emailConsent: true, timeZone: 'Europe/London' });
    expect(first!.variables).toMatchObject({
      customer: { firstName: 'Ada', lastName: 'King Lovelace', country: 'UK', attributes: { plan: 'gold' } },
      segments: [alpha.name, zeta.name],
      score: { churn: 0.812, churnPercent: 81, reasons: ['no purchase for 94 days'] },
      offer: { code: 'NEW-2', description: '15 % off', expiresOn: '2026-04-01' },
      flow: { id: flow.id, versionId: 7, name: 'Win back' },
      variant: 'B',
    });
    const facts = first!.variables.customer as { factsAsOf: string; features: Record<string, number | null>; rfm: unknown };
    expect(facts.factsAsOf).toBe('2026-05-01T00:00:00.000Z');
    expect(facts.features).toMatchObject({ recencyDays: 94, frequency: 7, monetary: 412.5, purchaseTrend: null, satisfaction: null });
    expect(facts.rfm).toEqual({ recency: 2, frequency: 4, monetary: 5, segment: 'At Risk' });
    expect(second!.variables.customer).toMatchObject({ factsAsOf: null, features: null, rfm: null });
    expect(second!.variables).toMatchObject({ customer: { firstName: 'Bob', lastName: null }, segments: [], score: { churn: null, reasons: [] }, offer: null, flow: null, variant: null });
    expect(unknown).toBeUndefined();
    expect(fourth!.variables).toMatchObject({ segments: [alpha.name, zeta.name], offer: null });
    expect(await variables.forCustomers([])).toEqual([]);
  });
});
