/**
 * Seeded pseudo-random numbers (mulberry32): every algorithm in this library takes a `seed` option
 * and gets the same result for the same seed, on any machine.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
}

export function createRandom(seed: number): Random {
  let state = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n) };
}

/** Fisher–Yates shuffle of 0..n-1. */
export function shuffledIndices(n: number, random: Random): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = random.int(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

/**
 * Stratified split of binary labels: the test share of each class is `testFraction` (rounded),
 * so both parts keep the class balance.
 */
export function stratifiedSplit(labels: ArrayLike<number>, testFraction: number, seed: number): { train: Uint32Array; test: Uint32Array } {
  if (!(testFraction > 0 && testFraction < 1)) throw new RangeError(`testFraction must be between 0 and 1, got ${testFraction}`);
  const random = createRandom(seed);
  const byClass: number[][] = [[], []];
  for (let i = 0; i < labels.length; i++) byClass[labels[i] ? 1 : 0].push(i);
  // mark the test rows, then collect both parts in index order (ascending, no sort needed)
  const inTest = new Uint8Array(labels.length);
  let testSize = 0;
  for (const members of byClass) {
    const order = shuffledIndices(members.length, random);
    const testCount = Math.round(members.length * testFraction);
    for (let rank = 0; rank < testCount; rank++) inTest[members[order[rank]]] = 1;
    testSize += testCount;
  }
  const train = new Uint32Array(labels.length - testSize);
  const test = new Uint32Array(testSize);
  for (let i = 0, a = 0, b = 0; i < labels.length; i++) {
    if (inTest[i]) test[b++] = i;
    else train[a++] = i;
  }
  return { train, test };
}

/**
 * At most `size` of `indices`, drawn without replacement with each class keeping its share
 * (rounded), in ascending order. Returns `indices` itself when it is not larger than `size`.
 */
export function stratifiedSample(indices: Uint32Array, labels: ArrayLike<number>, size: number, seed: number): Uint32Array {
  if (!(Number.isInteger(size) && size >= 1)) throw new RangeError(`size must be a positive integer, got ${size}`);
  if (indices.length <= size) return indices;
  const random = createRandom(seed);
  const byClass: number[][] = [[], []];
  for (const i of indices) byClass[labels[i] ? 1 : 0].push(i);
  const positives = Math.min(byClass[1].length, Math.max(byClass[1].length ? 1 : 0, Math.round((size * byClass[1].length) / indices.length)));
  const picked: number[] = [];
  byClass.forEach((members, label) => {
    const take = label === 1 ? positives : size - positives;
    const order = shuffledIndices(members.length, random);
    for (let k = 0; k < take; k++) picked.push(members[order[k]]);
  });
  return Uint32Array.from(picked).sort();
}
