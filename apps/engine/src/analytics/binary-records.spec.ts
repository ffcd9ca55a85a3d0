import { DenseIds } from './binary-records';

describe('DenseIds', () => {
  it('gives the ids a Map in first-seen order gives, across growth, for edge keys and for keys alike in their low bits', () => {
    const ids = new DenseIds();
    const oracle = new Map<number, number>();
    let seed = 7;
    for (let i = 0; i < 200_000; i++) {
      if (i % 3 === 0) seed = (Math.imul(seed, 1103515245) + 12345) | 0;
      const key = i % 1000 === 0 ? [0, -1, 2147483647, -2147483648][(i / 1000) % 4] : seed;
      if (!oracle.has(key)) oracle.set(key, oracle.size);
      expect(ids.idFor(key)).toBe(oracle.get(key));
    }
    // keys that differ only in their high bits still spread over the table
    for (let i = 0; i < 50_000; i++) {
      const key = (i << 16) | 0x1234;
      if (!oracle.has(key)) oracle.set(key, oracle.size);
      expect(ids.idFor(key)).toBe(oracle.get(key));
    }
    expect(ids.size).toBe(oracle.size);
  });
});
