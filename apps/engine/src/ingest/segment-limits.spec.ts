import { DomainError } from '../common/errors/domain-error';
import { checkBatchMessages, checkSingleMessage, jsonBytesUpperBound, MAX_MESSAGE_BYTES } from './segment-limits';

const failure = (fn: () => void): DomainError | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error as DomainError;
  }
};

describe('Segment size limits', () => {
  it('matches the 32 KB the body parser allows for one call', () => {
    expect(MAX_MESSAGE_BYTES).toBe(32 * 1024);
  });

  it('accepts a batch of messages each under 32 KB, whatever the total', () => {
    const message = { type: 'track', userId: 'u', event: 'E', properties: { blob: 'x'.repeat(30 * 1024) } };
    expect(failure(() => checkBatchMessages({ batch: [message, message, message] }))).toBeUndefined();
  });

  it('refuses the first message over 32 KB of JSON with 413, naming its index', () => {
    const small = { type: 'track', userId: 'u', event: 'E' };
    const big = { type: 'track', userId: 'u', event: 'E', properties: { blob: 'x'.repeat(MAX_MESSAGE_BYTES) } };
    const error = failure(() => checkBatchMessages({ batch: [small, small, big, big] }));
    expect(error?.status).toBe(413);
    expect(error?.message).toMatch(/^batch\[2\] is 32\.\d KB of JSON; a message may be at most 32 KB\.$/);
  });

  it('counts bytes, not characters', () => {
    // 11,000 three-byte characters: 33,000 bytes, though fewer than 32,768 characters.
    const error = failure(() => checkBatchMessages({ batch: [{ type: 'track', userId: 'u', event: 'E', properties: { text: '€'.repeat(11_000) } }] }));
    expect(error?.status).toBe(413);
  });

  it('refuses NUL characters (PostgreSQL cannot store them) but not an escaped backslash before u0000', () => {
    expect(failure(() => checkSingleMessage({ event: 'a\u0000b' }))?.status).toBe(400);
    expect(failure(() => checkBatchMessages({ batch: [{ event: 'ok' }, { properties: { k: '\u0000' } }] }))?.message).toMatch(/^batch\[1\] contains a NUL/);
    expect(failure(() => checkSingleMessage({ event: 'C:\\u0000' }))).toBeUndefined();
  });

  it('leaves bodies that are not a list of messages to the schema', () => {
    expect(failure(() => checkBatchMessages({ batch: 'nope' }))).toBeUndefined();
    expect(failure(() => checkBatchMessages(null))).toBeUndefined();
  });
});

describe('jsonBytesUpperBound', () => {
  it('is never below the real UTF-8 size of the JSON, whatever the characters', () => {
    const samples: unknown[] = [
      { type: 'track', userId: 'u-1', event: 'Order Completed', properties: { sku: 'A', price: 12.5, tags: ['x', 'y'], nested: { ok: true, none: null } } },
      { text: '€'.repeat(100), emoji: '😀'.repeat(50), control: '\u0001\u0002\n\t"\\' },
      [1, -2.5e-300, 'é', [], {}],
    ];
    for (const sample of samples) {
      expect(jsonBytesUpperBound(sample, 0)).toBeGreaterThanOrEqual(Buffer.byteLength(JSON.stringify(sample), 'utf8'));
    }
  });

  it('gives up (Infinity) on NUL characters and on values JSON would transform', () => {
    expect(jsonBytesUpperBound({ event: 'a\u0000b' }, 0)).toBe(Infinity);
    expect(jsonBytesUpperBound({ ['k\u0000']: 1 }, 0)).toBe(Infinity);
    expect(jsonBytesUpperBound({ when: new Date() }, 0)).toBe(Infinity);
    expect(jsonBytesUpperBound({ missing: undefined }, 0)).toBe(Infinity);
  });
});
