import { DenseIds } from './binary-records';

describe('DenseIds', () => {
  it.each([['no size hint', undefined], ['a small hint', 3], ['a hint above the key count', 500_000]])('gives the ids a Map in first-seen order gives, across growth, for edge keys and for keys alike in their low bits (%s)', (_, expected) => {
    const ids = new DenseIds(expected);
    const oracle = new Map<number, number>();
    const got: number[] = [];
    const want: number[] = [];
    let seed = 7;
    for (let i = 0; i < 200_000; i++) {
      if (i % 3 === 0) seed = (Math.imul(seed, 1103515245) + 12345) | 0;
      const key = i % 1000 === 0 ? [0, -1, 2147483647, -2147483648][(i / 1000) % 4] : seed;
      if (!oracle.has(key)) oracle.set(key, oracle.size);
      got.push(ids.idFor(key));
      want.push(oracle.get(key)!);
    }
    // keys that differ only in their high bits still spread over the table
    for (let i = 0; i < 50_000; i++) {
      const key = (i << 16) | 0x1234;
      if (!oracle.has(key)) oracle.set(key, oracle.size);
      got.push(ids.idFor(key));
      want.push(oracle.get(key)!);
    }
    expect(got).toEqual(want);
    expect(ids.size).toBe(oracle.size);
  });
});
