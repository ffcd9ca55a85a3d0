import { contentHash, lineKey, OccurrenceCounter } from './line-keys';

describe('line keys', () => {
  it('depend on the content only, and number identical rows by occurrence', () => {
    const a = contentHash(['17850', '536365', '85123A', 6, null]);
    const same = contentHash(['17850', '536365', '85123A', 6, null]);
    const other = contentHash(['17850', '536365', '85123A', 7, null]);
    expect(a.hash).toBe(same.hash);
    expect(other.hash).not.toBe(a.hash);
    expect(contentHash(['a', 'b']).hash).not.toBe(contentHash(['ab', '']).hash);
    const counter = new OccurrenceCounter(4);
    expect(lineKey(a, counter.next(a))).toBe(`csv:${a.hash}:1`);
    expect(lineKey(other, counter.next(other))).toBe(`csv:${other.hash}:1`);
    expect(lineKey(same, counter.next(same))).toBe(`csv:${a.hash}:2`);
  });

  it('keeps counting correctly while its table grows', () => {
    const counter = new OccurrenceCounter(2);
    const hashes = Array.from({ length: 5000 }, (_, i) => contentHash([String(i)]));
    for (const h of hashes) expect(counter.next(h)).toBe(1);
    for (const h of hashes) expect(counter.next(h)).toBe(2);
    expect(counter.distinct).toBe(5000);
  });
});
