import { randomUUID } from 'node:crypto';
import { startTestApp, TestApp } from '../testing/test-app';

describe('Segment-compatible ingestion (/v1)', () => {
  let t: TestApp;
  let writeKey: string;
  /** Unique per test: the database is shared by every test file of the run. */
  let run: string;

  beforeAll(async () => {
    t = await startTestApp();
    writeKey = await t.apiKey(['ingest']);
  });
  afterAll(() => t.close());
  beforeEach(() => {
    run = randomUUID().slice(0, 8);
  });

  /** As a Segment source sends it: the write key as the Basic-auth user name, no password. */
  const basic = (key: string) => ({ authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` });
  const send = (path: string, body: unknown, key = writeKey) => t.request('POST', path, { body, headers: basic(key) });
  const sendRaw = (path: string, rawBody: string) => t.request('POST', path, { rawBody, headers: { ...basic(writeKey), 'content-type': 'application/json' } });
  const id = (name: string) => `${name}-${run}`;
  const eventsOf = (externalId: string) =>
    t.prisma.event.findMany({ where: { customer: { externalId } }, orderBy: { occurredAt: 'asc' } });

  it('stores identify, track and batch calls sent with Basic auth', async () => {
    const identify = await send('/v1/identify', {
      userId: id('u1'),
      messageId: id('m-identify'),
      traits: { email: 'Ada@Example.com', name: 'Ada', plan: 'pro', age: 36, address: { city: 'Leeds', country: 'GB', street: '1 Lane' }, favouriteColour: 'teal' },
      timestamp: '2024-03-01T10:00:00Z',
      context: { ip: '10.0.0.1' },
      integrations: { All: true },
      channel: 'server',
      version: 2,
    });
    expect(identify.status).toBe(200);
    expect(identify.body).toEqual({ success: true, accepted: 1, duplicates: 0 });

    const track = await send('/v1/track', {
      type: 'track',
      userId: id('u1'),
      event: 'Order Completed',
      properties: { revenue: 42.5, currency: 'GBP', items: 2 },
      messageId: id('m-track'),
      timestamp: '2024-03-02T10:00:00.123+01:00',
      sentAt: '2024-03-02T09:00:01Z',
      originalTimestamp: '2024-03-02T09:00:00Z',
      receivedAt: '2024-03-02T09:00:02Z',
    });
    expect(track.status).toBe(200);

    const batch = await send('/v1/batch', {
      batch: [
        { type: 'track', userId: id('u1'), event: 'Product Viewed', properties: { sku: 'A-1' }, messageId: id('m-b1'), timestamp: '2024-03-03T10:00:00Z' },
        { type: 'page', userId: id('u1'), name: 'Pricing', category: 'Docs', properties: { path: '/pricing' }, messageId: id('m-b2'), timestamp: '2024-03-04T10:00:00Z' },
        { type: 'screen', userId: id('u1'), name: 'Home', messageId: id('m-b3'), timestamp: '2024-03-05T10:00:00Z' },
        { type: 'identify', userId: id('u2'), traits: { plan: 'free', unsubscribed: false }, messageId: id('m-b4') },
      ],
      context: { library: { name: 'analytics-node', version: '6.0.0' } },
      sentAt: new Date().toISOString(),
    });
    expect(batch.status).toBe(200);
    expect(batch.body).toEqual({ success: true, accepted: 4, duplicates: 0 });

    const customer = await t.prisma.customer.findUniqueOrThrow({ where: { externalId: id('u1') } });
    expect(customer).toMatchObject({ email: 'ada@example.com', name: 'Ada', plan: 'pro', age: 36, city: 'Leeds', country: 'GB' });
    expect(customer.attributes).toEqual({ favouriteColour: 'teal', address: { street: '1 Lane' } });
    const second = await t.prisma.customer.findUniqueOrThrow({ where: { externalId: id('u2') } });
    expect(second).toMatchObject({ plan: 'free', emailConsent: true });

    const events = await eventsOf(id('u1'));
    expect(events.map((e) => e.name)).toEqual(['Identify', 'Order Completed', 'Product Viewed', 'Page Viewed', 'Screen Viewed']);
    expect(events[1]).toMatchObject({ properties: { revenue: 42.5, currency: 'GBP', items: 2 }, messageId: id('m-track'), source: 'segment' });
    expect(events[1].occurredAt.toISOString()).toBe('2024-03-02T09:00:00.123Z');
    expect(events[3].properties).toEqual({ path: '/pricing', name: 'Pricing', category: 'Docs' });
  });

  it('accepts a Bearer API key and an admin session too', async () => {
    const bearer = await t.request('POST', '/v1/track', { auth: writeKey, body: { userId: id('u'), event: 'Signed Up' } });
    expect(bearer.status).toBe(200);
    const admin = await t.request('POST', '/v1/track', { auth: await t.tokenFor('admin'), body: { userId: id('u'), event: 'Signed Up' } });
    expect(admin.status).toBe(200);
    expect(await eventsOf(id('u'))).toHaveLength(2); // no messageId: nothing to deduplicate on
  });

  it('stores a re-sent messageId once, across calls and within one batch', async () => {
    const track = { userId: id('u'), event: 'Clicked', messageId: id('dup-1') };
    expect((await send('/v1/track', track)).body).toMatchObject({ accepted: 1, duplicates: 0 });
    expect((await send('/v1/track', track)).body).toEqual({ success: true, accepted: 0, duplicates: 1 });

    const batch = {
      batch: [
        { type: 'track', userId: id('u'), event: 'Clicked', messageId: id('dup-1') },
        { type: 'track', userId: id('u'), event: 'Clicked', messageId: id('dup-2') },
        { type: 'track', userId: id('u'), event: 'Clicked', messageId: id('dup-2') },
        { type: 'track', anonymousId: id('a'), event: 'Clicked', messageId: id('dup-3') },
      ],
    };
    expect((await send('/v1/batch', batch)).body).toEqual({ success: true, accepted: 2, duplicates: 2 });
    expect((await send('/v1/batch', batch)).body).toEqual({ success: true, accepted: 0, duplicates: 4 });
    expect(await t.prisma.event.count({ where: { messageId: { in: [id('dup-1'), id('dup-2'), id('dup-3')] } } })).toBe(3);
  });

  it('does not re-apply a re-sent identify over a newer one', async () => {
    const first = { userId: id('u'), traits: { plan: 'pro', seats: 5 }, messageId: id('identify-1') };
    await send('/v1/identify', first);
    await send('/v1/identify', { userId: id('u'), traits: { plan: 'basic', seats: 2 }, messageId: id('identify-2') });
    const again = await send('/v1/identify', first);
    expect(again.body).toEqual({ success: true, accepted: 0, duplicates: 1 });
    const customer = await t.prisma.customer.findUniqueOrThrow({ where: { externalId: id('u') } });
    expect(customer.plan).toBe('basic');
    expect(customer.attributes).toEqual({ seats: 2 });
  });

  it('keeps an anonymous visitor as an anonymous customer, then merges it on identify', async () => {
    const anon = id('anon');
    await send('/v1/page', { anonymousId: anon, name: 'Landing', context: { traits: { country: 'FR', referrer: 'ad', plan: 'trial' } } });
    await send('/v1/track', { anonymousId: anon, event: 'Added to Cart', properties: { sku: 'B-2' } });
    const alias = await t.prisma.identityAlias.findUniqueOrThrow({ where: { kind_value: { kind: 'anonymous', value: anon } }, include: { customer: true } });
    expect(alias.customer).toMatchObject({ externalId: null, country: 'FR', plan: 'trial', attributes: { referrer: 'ad' } });
    const anonymousCustomerId = alias.customerId;

    // The known customer exists already with its own data: it wins over the anonymous one.
    await send('/v1/identify', { userId: id('known'), traits: { plan: 'pro', referrer: 'newsletter' } });
    const merged = await send('/v1/identify', { userId: id('known'), anonymousId: anon, traits: { name: 'Bo' } });
    expect(merged.status).toBe(200);

    expect(await t.prisma.customer.findUnique({ where: { id: anonymousCustomerId } })).toBeNull();
    const known = await t.prisma.customer.findUniqueOrThrow({ where: { externalId: id('known') }, include: { aliases: true } });
    expect(known).toMatchObject({ name: 'Bo', plan: 'pro', country: 'FR', attributes: { referrer: 'newsletter' } });
    expect(known.aliases.map((a) => a.value)).toEqual([anon]);
    expect((await eventsOf(id('known'))).map((e) => e.name).sort()).toEqual(['Added to Cart', 'Identify', 'Identify', 'Page Viewed']);

    // Later anonymous events of that device go to the known customer.
    await send('/v1/track', { anonymousId: anon, event: 'Checkout Started' });
    expect((await eventsOf(id('known'))).map((e) => e.name)).toContain('Checkout Started');
  });

  it('merges on alias and within one batch', async () => {
    await send('/v1/track', { anonymousId: id('device'), event: 'Opened App' });
    const alias = await send('/v1/alias', { previousId: id('device'), userId: id('user') });
    expect(alias.status).toBe(200);
    expect((await eventsOf(id('user'))).map((e) => e.name).sort()).toEqual(['Alias', 'Opened App']);

    const batch = await send('/v1/batch', {
      batch: [
        { type: 'track', anonymousId: id('b-anon'), event: 'Viewed' },
        { type: 'identify', anonymousId: id('b-anon'), userId: id('b-user'), traits: { email: 'b@example.com' } },
        { type: 'track', anonymousId: id('b-anon'), event: 'Bought' },
      ],
    });
    expect(batch.status).toBe(200);
    expect((await eventsOf(id('b-user'))).map((e) => e.name).sort()).toEqual(['Bought', 'Identify', 'Viewed']);
    expect(await t.prisma.customer.count({ where: { aliases: { some: { value: id('b-anon') } } } })).toBe(1);
  });

  it('stays consistent when requests about the same visitor race', async () => {
    const anon = id('race');
    const calls = Array.from({ length: 24 }, (_, i) =>
      i % 4 === 3
        ? send('/v1/identify', { userId: id('racer'), anonymousId: anon, messageId: id(`race-${i}`) })
        : send('/v1/track', { anonymousId: anon, event: 'Tick', messageId: id(`race-${i}`) }),
    );
    const responses = await Promise.all(calls);
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 200));
    const known = await t.prisma.customer.findUniqueOrThrow({ where: { externalId: id('racer') } });
    const owners = await t.prisma.event.groupBy({ by: ['customerId'], where: { messageId: { startsWith: `race-` }, AND: { messageId: { endsWith: run } } }, _count: true });
    // Every event survived the merges, and all sit on the known customer: before it, on the anonymous one that was merged in.
    expect(owners.reduce((sum, o) => sum + o._count, 0)).toBe(24);
    expect(owners.map((o) => o.customerId)).toEqual([known.id]);
    expect(await t.prisma.identityAlias.count({ where: { value: anon } })).toBe(1);
  });

  it('never leaves an event without its customer while visitors are merged concurrently (events have no foreign key)', async () => {
    for (let round = 0; round < 3; round++) {
      const visitors = Array.from({ length: 6 }, (_, v) => id(`orphan-${round}-${v}`));
      const calls = visitors.flatMap((anonymousId, v) =>
        Array.from({ length: 8 }, (_, i) =>
          i === 5
            ? send('/v1/identify', { userId: id(`orphan-user-${v % 3}`), anonymousId, messageId: id(`orphan-${round}-${v}-${i}`) })
            : send('/v1/batch', { batch: [{ type: 'track', anonymousId, event: 'Tick', messageId: id(`orphan-${round}-${v}-${i}`) }, { type: 'page', anonymousId, name: 'Home', messageId: id(`orphan-${round}-${v}-${i}-p`) }] }),
        ),
      );
      const responses = await Promise.all(calls);
      expect(responses.filter((r) => r.status !== 200)).toEqual([]);
    }
    const [{ orphans }] = await t.prisma.$queryRaw<{ orphans: bigint }[]>`SELECT count(*) AS orphans FROM events e LEFT JOIN customers c ON c.id = e.customer_id WHERE c.id IS NULL`;
    expect(Number(orphans)).toBe(0);
  });

  describe('limits', () => {
    it('answers 413 for a call over 32 KB', async () => {
      const response = await send('/v1/track', { userId: id('u'), event: 'Big', properties: { blob: 'x'.repeat(33 * 1024) } });
      expect(response.status).toBe(413);
      expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('answers 413 for a batch over 500 KB', async () => {
      const batch = Array.from({ length: 40 }, (_, i) => ({ type: 'track', userId: id('u'), event: 'Big', properties: { blob: 'x'.repeat(15 * 1024) }, messageId: id(`big-${i}`) }));
      const response = await send('/v1/batch', { batch });
      expect(response.status).toBe(413);
      expect(await t.prisma.event.count({ where: { messageId: id('big-0') } })).toBe(0);
    });

    it('answers 413 naming the message for one oversized message inside a batch, and writes nothing', async () => {
      const batch = [
        { type: 'track', userId: id('u'), event: 'Small', messageId: id('small') },
        { type: 'track', userId: id('u'), event: 'Big', properties: { blob: 'é'.repeat(17 * 1024) } },
      ];
      const response = await send('/v1/batch', { batch });
      expect(response.status).toBe(413);
      expect(response.body.message).toContain('batch[1]');
      expect(await t.prisma.event.count({ where: { messageId: id('small') } })).toBe(0);
    });
  });

  describe('validation', () => {
    it('rejects a whole batch when one message is invalid, naming it, and writes nothing', async () => {
      const response = await send('/v1/batch', {
        batch: [
          { type: 'identify', userId: id('first'), traits: { plan: 'pro' }, messageId: id('ok-1') },
          { type: 'track', userId: id('u'), event: 'Fine', messageId: id('ok-2') },
          { type: 'track', userId: id('u'), event: 'Bad', timestamp: 'yesterday' },
          { type: 'track', userId: id('u'), event: 'Fine', messageId: id('ok-3') },
        ],
      });
      expect(response.status).toBe(400);
      expect(response.body.message).toContain('batch[2].timestamp');
      expect(response.body.details[0].path).toBe('batch[2].timestamp');
      expect(await t.prisma.event.count({ where: { messageId: { in: [id('ok-1'), id('ok-2'), id('ok-3')] } } })).toBe(0);
      expect(await t.prisma.customer.count({ where: { externalId: id('first') } })).toBe(0);
    });

    it('names the message and field for bad types, missing ids, missing event names and bad traits', async () => {
      const cases: [unknown, string][] = [
        [{ type: 'track', userId: id('u') }, 'batch[0].event'],
        [{ type: 'track', event: 'No One' }, 'batch[0].userId'],
        [{ type: 'track', userId: id('u'), event: 'X', properties: [1, 2] }, 'batch[0].properties'],
        [{ type: 'track', userId: { id: 1 }, event: 'X' }, 'batch[0].userId'],
        [{ type: 'identify', userId: id('u'), traits: { age: 'old' } }, 'batch[0].traits.age'],
        [{ type: 'identify', userId: id('u'), traits: { email: 'not-an-email' } }, 'batch[0].traits.email'],
        [{ type: 'group', userId: id('u'), groupId: 'g' }, 'batch[0].type'],
        [{ type: 'track', userId: id('u'), event: 'X', colour: 'red' }, 'colour'],
      ];
      for (const [message, expected] of cases) {
        const response = await send('/v1/batch', { batch: [message] });
        expect({ expected, status: response.status }).toEqual({ expected, status: 400 });
        expect(response.body.message).toContain(expected);
      }
    });

    it('answers 400 for malformed JSON and unknown top-level fields', async () => {
      const malformed = await sendRaw('/v1/track', '{"userId": "u", "event": ');
      expect(malformed.status).toBe(400);
      expect(malformed.body.code).toBe('MALFORMED_JSON');
      const malformedBatch = await sendRaw('/v1/batch', '{"batch": [}');
      expect(malformedBatch.status).toBe(400);

      const unknown = await send('/v1/track', { userId: id('u'), event: 'X', evnt: 'typo' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.message).toContain('"evnt"');
      const unknownInBatch = await send('/v1/batch', { batch: [{ type: 'track', userId: id('u'), event: 'X' }], extra: 1 });
      expect(unknownInBatch.status).toBe(400);
      expect(unknownInBatch.body.message).toContain('"extra"');
      const noBatch = await send('/v1/batch', {});
      expect(noBatch.status).toBe(400);
      expect(noBatch.body.message).toContain('batch');
    });

    it('answers 400 for timestamps that are not dates or are far in the future', async () => {
      const future = new Date(Date.now() + 3 * 24 * 3600 * 1000).toISOString();
      const far = await send('/v1/track', { userId: id('u'), event: 'X', timestamp: future });
      expect(far.status).toBe(400);
      expect(far.body.message).toContain('timestamp');
      expect(far.body.message).toContain('future');
      const soon = await send('/v1/track', { userId: id('u'), event: 'X', timestamp: new Date(Date.now() + 3600 * 1000).toISOString() });
      expect(soon.status).toBe(200);
      for (const timestamp of ['2024-02-30T00:00:00Z', 'not a date', '2024-03-01T12:00:00', 1709294400000]) {
        const response = await send('/v1/track', { userId: id('u'), event: 'X', timestamp });
        expect({ timestamp, status: response.status }).toEqual({ timestamp, status: 400 });
        expect(response.body.message).toContain('timestamp');
      }
    });

    it('answers 400, not 500, for a NUL character', async () => {
      const response = await send('/v1/track', { userId: id('u'), event: 'X', properties: { note: 'a\u0000b' } });
      expect(response.status).toBe(400);
      expect(response.body.message).toContain('NUL');
    });
  });

  describe('access', () => {
    it('refuses read keys and non-admin sessions (403) and anonymous calls (401)', async () => {
      const body = { userId: id('u'), event: 'X' };
      expect((await send('/v1/track', body, await t.apiKey(['read']))).status).toBe(403);
      expect((await t.request('POST', '/v1/batch', { auth: await t.tokenFor('marketer'), body: { batch: [{ type: 'track', ...body }] } })).status).toBe(403);
      expect((await t.request('POST', '/v1/identify', { auth: await t.tokenFor('analyst'), body: { userId: id('u') } })).status).toBe(403);
      expect((await t.request('POST', '/v1/track', { body })).status).toBe(401);
      expect((await send('/v1/track', body, 'rk_000000000000_wrongwrongwrongwrongwrongwrongwrong')).status).toBe(401);
      expect(await t.prisma.customer.count({ where: { externalId: id('u') } })).toBe(0);
    });
  });
});
