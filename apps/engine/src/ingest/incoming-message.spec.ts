import { batchToIncomingMessages, occurredAt, toIncomingMessage } from './incoming-message';
import { identityRequest } from './ingest.service';
import { batchSchema } from './segment.schemas';

const receivedAt = new Date('2024-03-01T12:00:10Z');

describe('incoming messages', () => {
  it('uses timestamp, else originalTimestamp corrected for clock skew, else the time received', () => {
    expect(occurredAt({ timestamp: '2024-03-01T10:00:00Z' }, receivedAt).toISOString()).toBe('2024-03-01T10:00:00.000Z');
    // The sender's clock is 1 h ahead: sentAt - originalTimestamp = 5 s, so it happened 5 s before we received it.
    expect(occurredAt({ originalTimestamp: '2024-03-01T13:00:00Z', sentAt: '2024-03-01T13:00:05Z' }, receivedAt).toISOString()).toBe('2024-03-01T12:00:05.000Z');
    expect(occurredAt({ originalTimestamp: '2024-03-01T13:00:00Z' }, receivedAt, '2024-03-01T13:00:05Z').toISOString()).toBe('2024-03-01T12:00:05.000Z');
    expect(occurredAt({ originalTimestamp: '2024-03-01T09:00:00Z' }, receivedAt).toISOString()).toBe('2024-03-01T09:00:00.000Z');
    expect(occurredAt({}, receivedAt)).toBe(receivedAt);
  });

  it('names page and screen views, keeping name and category in the properties', () => {
    const [page, screen, identify, alias] = batchToIncomingMessages(
      batchSchema.parse({
        batch: [
          { type: 'page', anonymousId: 'a', name: 'Pricing', category: 'Docs', properties: { path: '/pricing' } },
          { type: 'screen', userId: 'u', properties: { name: 'kept' } },
          { type: 'identify', userId: 'u', traits: { email: 'A@B.co', tier: 'gold' } },
          { type: 'alias', userId: 'u', previousId: 'a' },
        ],
      }),
      receivedAt,
    );
    expect(page).toMatchObject({ name: 'Page Viewed', properties: { path: '/pricing', name: 'Pricing', category: 'Docs' } });
    expect(screen).toMatchObject({ name: 'Screen Viewed', properties: { name: 'kept' } });
    expect(identify).toMatchObject({ name: 'Identify', traits: { columns: { email: 'a@b.co' }, attributes: { tier: 'gold' } } });
    expect(alias).toMatchObject({ name: 'Alias', previousId: 'a', properties: { previousId: 'a' } });
  });

  it('applies context.traits (batch context merged in), identify traits winning', () => {
    const [track, identify] = batchToIncomingMessages(
      batchSchema.parse({
        context: { traits: { plan: 'free', source: 'batch' } },
        batch: [
          { type: 'track', userId: 'u', event: 'E', context: { traits: { plan: 'trial' } } },
          { type: 'identify', userId: 'u', traits: { plan: 'pro' } },
        ],
      }),
      receivedAt,
    );
    expect(track.traits).toEqual({ columns: { plan: 'trial' }, attributes: {} });
    expect(identify.traits).toEqual({ columns: { plan: 'pro' }, attributes: { source: 'batch' } });
  });

  it('reports a bad trait with the message index', () => {
    const batch = batchSchema.parse({ batch: [{ type: 'track', userId: 'u', event: 'E' }, { type: 'identify', userId: 'u', traits: { age: -3 } }] });
    expect(() => batchToIncomingMessages(batch, receivedAt)).toThrow('batch[1].traits.age: must be a whole number from 0 to 150');
    const message = batchSchema.parse({ batch: [{ type: 'track', userId: 'u', event: 'E', context: { traits: 'x' } }] }).batch[0];
    expect(() => toIncomingMessage(message, 'batch[0]', receivedAt)).toThrow('batch[0].context.traits: must be an object');
  });

  it('collects the ids of a request and the links between them', () => {
    const messages = batchToIncomingMessages(
      batchSchema.parse({
        batch: [
          { type: 'track', anonymousId: 'a1', event: 'E' },
          { type: 'identify', userId: 'u1', anonymousId: 'a1' },
          { type: 'alias', userId: 'u2', previousId: 'a2' },
          { type: 'track', userId: 'u1', event: 'E' },
        ],
      }),
      receivedAt,
    );
    expect(identityRequest(messages)).toEqual({
      userIds: ['u1', 'u2'],
      anonymousIds: ['a1', 'a2'],
      links: [
        { anonymousId: 'a1', userId: 'u1' },
        { anonymousId: 'a2', userId: 'u2' },
      ],
    });
  });
});
