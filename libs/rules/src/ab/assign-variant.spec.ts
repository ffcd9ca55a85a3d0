import { assignVariant, assignmentPoint } from './assign-variant';
import { murmur3 } from './murmur3';

const ids = Array.from({ length: 100_000 }, (_, i) => `customer-${i}`);

/** Pearson chi-square statistic of observed counts against expected shares. */
function chiSquare(counts: Record<string, number>, shares: Record<string, number>, total: number): number {
  return Object.entries(shares).reduce((sum, [id, share]) => {
    const expected = share * total;
    return sum + ((counts[id] ?? 0) - expected) ** 2 / expected;
  }, 0);
}

function countArms(experimentKey: string, variants: Array<{ id: string; weight: number }>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const id of ids) {
    const arm = assignVariant(experimentKey, id, variants).id;
    counts[arm] = (counts[arm] ?? 0) + 1;
  }
  return counts;
}

// critical values of the chi-square distribution at p = 0.001
const CRITICAL_P001 = { df1: 10.828, df2: 13.816 };

describe('murmur3', () => {
  it('matches the reference MurmurHash3_x86_32 vectors', () => {
    expect(murmur3('')).toBe(0);
    expect(murmur3('', 1)).toBe(0x514e28b7);
    expect(murmur3('hello')).toBe(0x248bfa47);
    expect(murmur3('The quick brown fox jumps over the lazy dog')).toBe(0x2e4ff723);
    expect(murmur3('aaaa', 0x9747b28c)).toBe(0x5a97808a);
    expect(murmur3('abc', 0x9747b28c)).toBe(0xc84a62dd);
  });

  it('hashes UTF-8 bytes (checked against a byte-wise reference over TextEncoder)', () => {
    const reference = (text: string): number => {
      const bytes = new TextEncoder().encode(text);
      const mix = (k: number) => Math.imul(((k = Math.imul(k, 0xcc9e2d51)) << 15) | (k >>> 17), 0x1b873593);
      let hash = 0;
      let i = 0;
      for (; i + 4 <= bytes.length; i += 4) {
        hash ^= mix(bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24));
        hash = (Math.imul((hash << 13) | (hash >>> 19), 5) + 0xe6546b64) | 0;
      }
      let k = 0;
      for (let shift = 0; i < bytes.length; i++, shift += 8) k |= bytes[i] << shift;
      if (bytes.length & 3) hash ^= mix(k);
      hash ^= bytes.length;
      hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
      hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
      return (hash ^ (hash >>> 16)) >>> 0;
    };
    for (const text of ['', 'a', 'hello', 'café', 'e\u0301', 'Zoë-42', '顧客-7', '🎉 offer', 'lone \ud800 surrogate', 'x'.repeat(300)]) {
      expect(murmur3(text)).toBe(reference(text));
    }
    expect(murmur3('é')).not.toBe(murmur3('e\u0301'));
  });
});

describe('assignVariant', () => {
  it('splits 50/50 uniformly over 100,000 customers (chi-square, p > 0.001)', () => {
    const counts = countArms('exp-50-50', [
      { id: 'A', weight: 50 },
      { id: 'B', weight: 50 },
    ]);
    expect(chiSquare(counts, { A: 0.5, B: 0.5 }, ids.length)).toBeLessThan(CRITICAL_P001.df1);
  });

  it('splits 20/30/50 as weighted over 100,000 customers (chi-square, p > 0.001)', () => {
    const counts = countArms('exp-20-30-50', [
      { id: 'A', weight: 20 },
      { id: 'B', weight: 30 },
      { id: 'C', weight: 50 },
    ]);
    expect(chiSquare(counts, { A: 0.2, B: 0.3, C: 0.5 }, ids.length)).toBeLessThan(CRITICAL_P001.df2);
  });

  it('the test would notice a skewed split', () => {
    const counts = countArms('exp-skewed', [
      { id: 'A', weight: 52 },
      { id: 'B', weight: 48 },
    ]);
    expect(chiSquare(counts, { A: 0.5, B: 0.5 }, ids.length)).toBeGreaterThan(CRITICAL_P001.df1);
  });

  it('gives the same arm on every call', () => {
    const variants = [
      { id: 'A', weight: 20 },
      { id: 'B', weight: 30 },
      { id: 'C', weight: 50 },
    ];
    const changed = ids.filter((id) => {
      const first = assignVariant('exp', id, variants).id;
      return assignVariant('exp', id, [...variants]).id !== first || assignVariant('exp', id, variants).id !== first;
    });
    expect(changed).toEqual([]);
    // pinned, so a change of hash (which would reshuffle running experiments) cannot go unnoticed
    expect(ids.slice(0, 12).map((id) => assignVariant('win-back-offer-2024', id, variants).id).join('')).toBe('CABAACBBBACA');
  });

  it('assigns independently across experiments', () => {
    const variants = [
      { id: 'A', weight: 50 },
      { id: 'B', weight: 50 },
    ];
    let same = 0;
    for (const id of ids.slice(0, 20_000)) if (assignVariant('exp-1', id, variants).id === assignVariant('exp-2', id, variants).id) same++;
    expect(same / 20_000).toBeGreaterThan(0.48);
    expect(same / 20_000).toBeLessThan(0.52);
  });

  it('moves only the customers the cumulative mapping implies when one weight changes', () => {
    const before = [
      { id: 'A', weight: 50 },
      { id: 'B', weight: 50 },
    ];
    const after = [
      { id: 'A', weight: 40 },
      { id: 'B', weight: 60 },
    ];
    let movedAToB = 0;
    let movedBToA = 0;
    const unexpected: string[] = [];
    for (const id of ids) {
      const from = assignVariant('exp-shift', id, before).id;
      const to = assignVariant('exp-shift', id, after).id;
      if (from === 'A' && to === 'B') movedAToB++;
      if (from === 'B' && to === 'A') movedBToA++;
      // exactly the customers whose point lies in [0.4, 0.5) move
      const point = assignmentPoint('exp-shift', id);
      if ((from !== to) !== (point >= 0.4 && point < 0.5)) unexpected.push(id);
    }
    expect(unexpected).toEqual([]);
    expect(movedBToA).toBe(0);
    expect(movedAToB / ids.length).toBeCloseTo(0.1, 2);
  });

  it('never assigns an arm of weight 0, and refuses when no arm has weight', () => {
    const variants = [
      { id: 'A', weight: 0 },
      { id: 'B', weight: 100 },
    ];
    expect(ids.slice(0, 1000).every((id) => assignVariant('exp', id, variants).id === 'B')).toBe(true);
    expect(() => assignVariant('exp', 'c1', [{ id: 'A', weight: 0 }])).toThrow(RangeError);
  });
});
