import { createRandom, stratifiedSample, stratifiedSplit } from './random';

describe('random', () => {
  it('repeats for a seed and differs between seeds', () => {
    const a = createRandom(7);
    const b = createRandom(7);
    const c = createRandom(8);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('splits stratified: both parts keep the class balance and cover every row once', () => {
    const labels = Array.from({ length: 1000 }, (_, i) => (i % 4 === 0 ? 1 : 0));
    const { train, test } = stratifiedSplit(labels, 0.2, 42);
    expect(train.length + test.length).toBe(1000);
    expect(new Set([...train, ...test]).size).toBe(1000);
    expect(Array.from(test).filter((i) => labels[i] === 1).length).toBe(50);
    expect(stratifiedSplit(labels, 0.2, 42).test).toEqual(test);
    for (const part of [train, test]) expect(Array.from(part)).toEqual([...part].sort((a, b) => a - b));
  });

  it('samples stratified: the class shares stay, every pick is distinct and comes from the given rows', () => {
    const labels = Array.from({ length: 10_000 }, (_, i) => (i % 5 === 0 ? 1 : 0));
    const rows = Uint32Array.from({ length: 8000 }, (_, i) => i + 1000);
    const sample = stratifiedSample(rows, labels, 1000, 3);
    expect(sample.length).toBe(1000);
    expect(new Set(sample).size).toBe(1000);
    expect(Array.from(sample).every((i) => i >= 1000 && i < 9000)).toBe(true);
    expect(Array.from(sample).filter((i) => labels[i] === 1).length).toBe(200);
    expect(Array.from(sample)).toEqual([...sample].sort((a, b) => a - b));
    expect(stratifiedSample(rows, labels, 1000, 3)).toEqual(sample);
    expect(stratifiedSample(rows, labels, 8000, 3)).toBe(rows);
  });
});
