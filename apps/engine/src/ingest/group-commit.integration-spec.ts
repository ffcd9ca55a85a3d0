import { randomUUID } from 'node:crypto';
import { DomainEventBus } from '../events/domain-event-bus';
import { startTestApp, TestApp } from '../testing/test-app';

describe('group commit of single-event calls (/v1/track, identify, page, screen)', () => {
  let t: TestApp;
  let writeKey: string;
  /** Sizes of the groups published after their commits (one publish per transaction). */
  let groups: number[];
  let run: string;

  beforeAll(async () => {
    t = await startTestApp();
    writeKey = await t.apiKey(['ingest']);
    t.app.get(DomainEventBus).subscribe('customer.events-tracked', ({ events }) => void groups.push(events.length));
  });
  afterAll(() => t.close());
  beforeEach(() => {
    groups = [];
    run = randomUUID().slice(0, 8);
  });

  const send = (path: string, body: unknown) => t.request('POST', path, { auth: writeKey, body });
  const id = (name: string) => `${name}-${run}`;

  it('answers each concurrent call on its own and stores every message exactly once', async () => {
    const calls: { path: string; body: Record<string, unknown> }[] = [];
    for (let i = 0; i < 30; i++) {
      const userId = id(`u${i % 10}`);
      const kinds = [
        { path: '/v1/track', body: { userId, event: 'Order Completed', properties: { n: i } } },
        { path: '/v1/page', body: { userId, name: 'Pricing' } },
        { path: '/v1/screen', body: { anonymousId: id(`anon${i}`), name: 'Home' } },
        { path: '/v1/identify', body: { userId, traits: { plan: `plan-${i}` } } },
      ];
      const call = kinds[i % kinds.length];
      calls.push({ path: call.path, body: { ...call.body, messageId: id(`m${i}`) } });
    }
    // the same messageId twice among concurrent calls: stored once, the later call is the duplicate
    calls.push({ path: '/v1/track', body: { userId: id('u0'), event: 'Order Completed', messageId: id('m0') } });
    calls.push({ path: '/v1/track', body: { userId: id('u1'), event: 'Twice', messageId: id('twice') } });
    calls.push({ path: '/v1/track', body: { userId: id('u1'), event: 'Twice', messageId: id('twice') } });
    // invalid: no event name
    calls.push({ path: '/v1/track', body: { userId: id('u2'), messageId: id('invalid') } });

    const responses = await Promise.all(calls.map((call) => send(call.path, call.body)));

    const invalid = responses[calls.length - 1];
    expect(invalid.status).toBe(400);
    const answered = responses.slice(0, -1);
    expect(answered.map((r) => r.status)).toEqual(answered.map(() => 200));
    const accepted = answered.reduce((sum, r) => sum + (r.body as { accepted: number }).accepted, 0);
    const duplicates = answered.reduce((sum, r) => sum + (r.body as { duplicates: number }).duplicates, 0);
    expect({ accepted, duplicates }).toEqual({ accepted: 31, duplicates: 2 });
    // of two calls with one messageId, whichever arrived first stored it and the other is the duplicate
    const acceptedOf = (...indexes: number[]) => indexes.map((i) => (answered[i].body as { accepted: number }).accepted).sort();
    expect(acceptedOf(0, 30)).toEqual([0, 1]);
    expect(acceptedOf(31, 32)).toEqual([0, 1]);

    const stored = await t.prisma.event.findMany({ where: { messageId: { endsWith: run } }, select: { messageId: true } });
    const ids = stored.map((e) => e.messageId!).sort();
    expect(ids).toEqual([...Array.from({ length: 30 }, (_, i) => id(`m${i}`)), id('twice')].sort());
    // calls that arrived together were committed together
    expect(groups.reduce((a, b) => a + b, 0)).toBe(31);
    expect(groups.length).toBeLessThan(31);
  });

  it('a value PostgreSQL refuses fails only its own call', async () => {
    const responses = await Promise.all([
      send('/v1/track', { userId: id('ok1'), event: 'Fine', messageId: id('ok1') }),
      send('/v1/track', { userId: id('bad'), event: 'Bad', properties: { text: 'nul \u0000 byte' }, messageId: id('bad') }),
      send('/v1/track', { userId: id('ok2'), event: 'Fine', messageId: id('ok2') }),
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 400, 200]);
    expect(JSON.stringify(responses[1].body)).toContain('cannot be stored');
    const stored = await t.prisma.event.findMany({ where: { messageId: { in: [id('ok1'), id('bad'), id('ok2')] } }, select: { messageId: true } });
    expect(stored.map((e) => e.messageId).sort()).toEqual([id('ok1'), id('ok2')].sort());
  });
});
