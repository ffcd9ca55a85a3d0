import { randomUUID } from 'node:crypto';
import { DomainEventBus } from '../events/domain-event-bus';
import type { TrackedEvent } from '../events/domain-events';
import { startTestApp, TestApp } from '../testing/test-app';

describe('customer.events-tracked (ingest → flows)', () => {
  let t: TestApp;
  let writeKey: string;
  let published: TrackedEvent[][];
  let run: string;

  beforeAll(async () => {
    t = await startTestApp();
    writeKey = await t.apiKey(['ingest']);
    t.app.get(DomainEventBus).subscribe('customer.events-tracked', ({ events }) => void published.push(events));
  });
  afterAll(() => t.close());
  beforeEach(() => {
    published = [];
    run = randomUUID().slice(0, 8);
  });

  const send = (path: string, body: unknown) => t.request('POST', path, { auth: writeKey, body });
  const id = (name: string) => `${name}-${run}`;
  const customerIdOf = async (externalId: string) => (await t.prisma.customer.findUniqueOrThrow({ where: { externalId } })).id;

  it('publishes the stored events once the call is answered, with the resolved customer', async () => {
    const response = await send('/v1/track', { userId: id('u1'), event: 'Order Completed', properties: { revenue: 42.5 }, timestamp: '2024-03-02T10:00:00Z', messageId: id('m1') });
    expect(response.status).toBe(200);
    expect(published).toEqual([[{ customerId: await customerIdOf(id('u1')), name: 'Order Completed', properties: { revenue: 42.5 }, occurredAt: new Date('2024-03-02T10:00:00Z') }]]);
  });

  it('publishes only the new events of a batch that re-sends some messageIds, and nothing for a full re-send', async () => {
    await send('/v1/track', { userId: id('u2'), event: 'Viewed', messageId: id('old') });
    published = [];
    const batch = {
      batch: [
        { type: 'track', userId: id('u2'), event: 'Viewed', messageId: id('old') },
        { type: 'track', userId: id('u2'), event: 'Added', properties: { sku: 'A' }, messageId: id('new-1') },
        { type: 'track', userId: id('u3'), event: 'Added', properties: { sku: 'B' } },
      ],
    };
    expect((await send('/v1/batch', batch)).body).toMatchObject({ accepted: 2, duplicates: 1 });
    expect(published).toHaveLength(1);
    expect(published[0].map((e) => [e.name, e.properties])).toEqual([
      ['Added', { sku: 'A' }],
      ['Added', { sku: 'B' }],
    ]);
    expect(published[0].map((e) => e.customerId)).toEqual([await customerIdOf(id('u2')), await customerIdOf(id('u3'))]);

    published = [];
    expect((await send('/v1/batch', { batch: batch.batch.slice(0, 2) })).body).toMatchObject({ accepted: 0, duplicates: 2 });
    expect(published).toEqual([]);
  });
});
