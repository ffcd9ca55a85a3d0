import { startTestApp, TestApp } from '../testing/test-app';

describe('ingestion after the customers table is emptied', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('does not put events on a customer that took over a cached id', async () => {
    const key = await t.apiKey(['ingest']);
    const track = (userId: string) => t.request('POST', '/v1/track', { auth: key, body: { userId, event: 'Visited' } });
    expect((await track('cached-user')).status).toBe(200);

    // Ids start again at 1: the id cached for "cached-user" now belongs to someone else.
    // (events has no foreign key to customers, so it is emptied explicitly, as any reset must.)
    await t.prisma.$executeRawUnsafe('TRUNCATE customers, events RESTART IDENTITY CASCADE');
    const other = await t.prisma.customer.create({ data: { externalId: 'someone-else' } });

    expect((await track('cached-user')).status).toBe(200);
    expect(await t.prisma.event.count({ where: { customerId: other.id } })).toBe(0);
    expect(await t.prisma.event.count({ where: { customer: { externalId: 'cached-user' } } })).toBe(1);
  });
});
