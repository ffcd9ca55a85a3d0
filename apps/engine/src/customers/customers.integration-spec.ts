import { startTestApp, TestApp } from '../testing/test-app';

describe('customers API', () => {
  let t: TestApp;
  let analyst: string;
  let ann: number;

  beforeAll(async () => {
    t = await startTestApp();
    await t.reset();
    analyst = await t.tokenFor('analyst');
    const created = await t.prisma.customer.create({
      data: { externalId: 'c-ann', email: 'ann@example.com', name: 'Ann Lee', country: 'United Kingdom', plan: 'Two year', emailConsent: true, attributes: { churned: true, tenure: 12 } },
    });
    ann = created.id;
    await t.prisma.customer.createMany({
      data: [
        { externalId: 'c-bob', email: 'bob@example.com', name: 'Bob Stone', country: 'France', plan: 'Month-to-month', attributes: { churned: false, tenure: 3 } },
        { externalId: 'c-cyd', name: 'Cyd Moss', country: 'United Kingdom', plan: 'Month-to-month', attributes: { churned: 'true' } },
      ],
    });
    await t.prisma.identityAlias.create({ data: { customerId: ann, kind: 'anonymous', value: 'anon-1' } });
    const sameInstant = new Date('2011-05-01T10:00:00Z');
    // One invoice of five lines at one instant, a return, and two events.
    for (let line = 0; line < 5; line++) {
      await t.prisma.transaction.create({
        data: { customerId: ann, invoice: '536365', lineKey: `k${line}`, sku: `SKU${line}`, quantity: 2, unitPrice: 1.5, amount: 3, occurredAt: sameInstant },
      });
    }
    await t.prisma.transaction.create({
      data: { customerId: ann, invoice: 'C536379', lineKey: 'kc', quantity: -1, unitPrice: 1.5, amount: -1.5, occurredAt: new Date('2011-05-02T10:00:00Z'), isCancellation: true, isReturn: true },
    });
    await t.prisma.event.createMany({
      data: [
        { customerId: ann, name: 'Email Opened', occurredAt: sameInstant, properties: { campaign: 'spring' } },
        { customerId: ann, name: 'Page Viewed', occurredAt: new Date('2011-04-30T10:00:00Z') },
      ],
    });
  });
  afterAll(() => t.close());

  it('lists with pagination, search and filters on columns and attributes', async () => {
    const all = await t.request('GET', '/api/customers?pageSize=2', { auth: analyst });
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(3);
    expect(all.body.items).toHaveLength(2);
    const page2 = await t.request('GET', '/api/customers?pageSize=2&page=2', { auth: analyst });
    expect(page2.body.items.map((c: { externalId: string }) => c.externalId)).toEqual(['c-cyd']);

    const search = await t.request('GET', '/api/customers?q=STONE', { auth: analyst });
    expect(search.body.items.map((c: { externalId: string }) => c.externalId)).toEqual(['c-bob']);

    const uk = await t.request('GET', '/api/customers?country=united%20kingdom&plan=Month-to-month', { auth: analyst });
    expect(uk.body.items.map((c: { externalId: string }) => c.externalId)).toEqual(['c-cyd']);

    const churned = await t.request('GET', '/api/customers?attr.churned=true&sort=externalId', { auth: analyst });
    expect(churned.body.items.map((c: { externalId: string }) => c.externalId)).toEqual(['c-ann', 'c-cyd']);

    const consent = await t.request('GET', '/api/customers?emailConsent=true', { auth: analyst });
    expect(consent.body.total).toBe(1);

    const facets = await t.request('GET', '/api/customers/facets', { auth: analyst });
    expect(facets.body.countries).toEqual([{ value: 'United Kingdom', count: 2 }, { value: 'France', count: 1 }]);
  });

  it('rejects bad queries with 400 and names the parameter', async () => {
    const bad = await t.request('GET', '/api/customers?page=0', { auth: analyst });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('page');
    const unknown = await t.request('GET', '/api/customers?colour=red', { auth: analyst });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('colour');
    expect((await t.request('GET', '/api/customers/99999999999', { auth: analyst })).status).toBe(400);
    expect((await t.request('GET', '/api/customers/424242', { auth: analyst })).status).toBe(404);
    expect((await t.request('GET', `/api/customers/${ann}/timeline?before=yesterday`, { auth: analyst })).status).toBe(400);
  });

  it('shows a profile with aliases and a purchase summary', async () => {
    const profile = await t.request('GET', `/api/customers/${ann}`, { auth: analyst });
    expect(profile.status).toBe(200);
    expect(profile.body.aliases).toEqual([expect.objectContaining({ kind: 'anonymous', value: 'anon-1' })]);
    expect(profile.body.summary).toMatchObject({ orders: 1, transactionLines: 6, netRevenue: 13.5, returns: 1, events: 2, firstPurchaseAt: '2011-05-01T10:00:00.000Z', lastPurchaseAt: '2011-05-01T10:00:00.000Z' });
  });

  it('pages the timeline newest first without losing lines that share a timestamp', async () => {
    const seen: string[] = [];
    let before: string | null = null;
    let pages = 0;
    do {
      const query: string = before ? `?limit=2&before=${encodeURIComponent(before)}` : '?limit=2';
      const page = await t.request('GET', `/api/customers/${ann}/timeline${query}`, { auth: analyst });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((i: { type: string; id: string }) => `${i.type}:${i.id}`));
      before = page.body.nextBefore;
      pages++;
    } while (before && pages < 10);
    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);
    const first = await t.request('GET', `/api/customers/${ann}/timeline?limit=3`, { auth: analyst });
    expect(first.body.items[0]).toMatchObject({ type: 'transaction', invoice: 'C536379', amount: -1.5, isCancellation: true });
    expect(first.body.items[1]).toMatchObject({ type: 'event', name: 'Email Opened' });
  });
});
