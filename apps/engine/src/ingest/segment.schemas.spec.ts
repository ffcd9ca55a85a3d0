import { describeIssues } from '../common/validation/parse';
import { batchSchema, singleCallSchemas } from './segment.schemas';

const problems = (result: { success: boolean; error?: { issues: unknown[] } }) =>
  result.success ? [] : describeIssues(result.error!.issues as never).map((p) => p.message);

describe('Segment message schemas', () => {
  it('accepts the spec\'s common fields and converts numeric ids to text', () => {
    const parsed = singleCallSchemas.track.parse({
      userId: 42,
      anonymousId: '507f191e810c19729de860ea',
      event: 'Order Completed',
      properties: { revenue: 10 },
      context: { ip: '8.8.8.8' },
      integrations: { All: true },
      timestamp: '2024-03-01T12:00:00.000Z',
      originalTimestamp: '2024-03-01T12:00:00+01:00',
      sentAt: '2024-03-01T12:00:01Z',
      receivedAt: '2024-03-01T12:00:02Z',
      messageId: 'm-1',
      channel: 'server',
      version: 2,
      _metadata: { bundled: [] },
      writeKey: 'ignored',
    });
    expect(parsed.userId).toBe('42');
  });

  it('treats null and empty ids as not sent, and then requires one of them', () => {
    expect(problems(singleCallSchemas.track.safeParse({ userId: null, anonymousId: 'a', event: 'X' }))).toEqual([]);
    expect(problems(singleCallSchemas.track.safeParse({ userId: '', event: 'X' }))).toEqual([
      'userId: send a userId or an anonymousId (or both): a message must say who it is about',
    ]);
  });

  it('names unknown fields, missing event names and wrong types', () => {
    expect(problems(singleCallSchemas.track.safeParse({ userId: 'u', event: 'X', evnt: 'Y' }))).toEqual(['unknown field "evnt"']);
    expect(problems(singleCallSchemas.track.safeParse({ userId: 'u' }))[0]).toMatch(/^event: is required for a track call/);
    expect(problems(singleCallSchemas.track.safeParse({ userId: 'u', event: 'X', properties: 'p' }))).toEqual(['properties: must be an object']);
    expect(problems(singleCallSchemas.identify.safeParse({ userId: ['u'] }))).toEqual(['userId: must be a string (or a number)']);
  });

  it('requires ISO-8601 date-times with a time zone, at most 24 hours ahead', () => {
    const at = (timestamp: unknown) => problems(singleCallSchemas.track.safeParse({ userId: 'u', event: 'X', timestamp }));
    expect(at('2024-03-01T12:00:00+05:30')).toEqual([]);
    expect(at(new Date(Date.now() + 23 * 3600 * 1000).toISOString())).toEqual([]);
    expect(at('2024-02-30T12:00:00Z')[0]).toMatch(/^timestamp: must be an ISO-8601 date-time/);
    expect(at('2024-03-01 12:00')[0]).toMatch(/^timestamp: must be an ISO-8601/);
    expect(at('2024-03-01T12:00:00')[0]).toMatch(/^timestamp: must be an ISO-8601/);
    expect(at(1709294400000)[0]).toMatch(/^timestamp: must be an ISO-8601/);
    const future = new Date(Date.now() + 25 * 3600 * 1000).toISOString();
    expect(at(future)).toEqual([`timestamp: ${future} is more than 24 hours in the future; send the time the event happened, with its time zone`]);
  });

  it('requires userId and previousId for alias', () => {
    expect(problems(singleCallSchemas.alias.safeParse({ previousId: 'a' }))[0]).toMatch(/^userId: is required for an alias call/);
    expect(problems(singleCallSchemas.alias.safeParse({ userId: 'u' }))[0]).toMatch(/^previousId: is required/);
  });

  it('names the index of a bad message in a batch, and refuses unknown types', () => {
    const result = batchSchema.safeParse({
      batch: [
        { type: 'track', userId: 'u', event: 'Fine' },
        { type: 'identify', userId: 'u', traits: [] },
        { type: 'group', userId: 'u', groupId: 'g' },
        { userId: 'u', event: 'No type' },
      ],
    });
    expect(problems(result)).toEqual([
      'batch[1].traits: must be an object',
      'batch[2].type: type must be one of "identify", "track", "page", "screen", "alias" (group calls are not supported)',
      'batch[3].type: type must be one of "identify", "track", "page", "screen", "alias" (group calls are not supported)',
    ]);
    expect(problems(batchSchema.safeParse({ batch: [] }))).toEqual(['batch: must hold at least one message']);
    expect(problems(batchSchema.safeParse({ batch: 'x' }))).toEqual(['batch: must be a list of messages']);
  });
});
