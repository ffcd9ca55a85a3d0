import { CODE_ALPHABET, newOfferCode, normalizeOfferCode, randomCodePart } from './offer-codes';

describe('offer codes', () => {
  it('are the prefix, a dash and 10 characters of Crockford base32', () => {
    const code = newOfferCode('COMEBACK');
    expect(code).toMatch(/^COMEBACK-[0-9ABCDEFGHJKMNPQRSTVWXYZ]{10}$/);
    expect(newOfferCode('SAVE-')).toMatch(/^SAVE-[0-9A-Z]{10}$/);
    expect(newOfferCode('')).toMatch(/^[0-9A-Z]{10}$/);
  });

  it('map random bytes uniformly onto the alphabet (low 5 bits)', () => {
    const bytes = Uint8Array.from([0, 31, 32, 255, 1, 2, 3, 4, 5, 6]);
    expect(randomCodePart(10, () => bytes)).toBe('0Z0Z123456');
    expect(CODE_ALPHABET).toHaveLength(32);
    expect(CODE_ALPHABET).not.toMatch(/[ILOU]/);
  });

  it('do not repeat in 100,000 draws and use every character about equally', () => {
    const seen = new Set<string>();
    const counts = new Map<string, number>();
    for (let i = 0; i < 100_000; i++) {
      const part = randomCodePart();
      seen.add(part);
      for (const char of part) counts.set(char, (counts.get(char) ?? 0) + 1);
    }
    expect(seen.size).toBe(100_000);
    const expected = 1_000_000 / 32;
    for (const char of CODE_ALPHABET) expect(Math.abs(counts.get(char)! - expected) / expected).toBeLessThan(0.05);
  });

  it('are compared trimmed and upper-case', () => {
    expect(normalizeOfferCode('  save-ab12 ')).toBe('SAVE-AB12');
  });
});
