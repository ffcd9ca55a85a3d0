import { databasePoolSize } from './pool-size';

describe('databasePoolSize', () => {
  it('opens 14 connections for the default 4 step jobs (4 from the queue, 4 run without it, 6 others)', () => {
    expect(databasePoolSize(4)).toBe(14);
  });

  it('keeps the minimum for a process that runs no step job (no worker role)', () => {
    expect(databasePoolSize(64, false)).toBe(10);
  });

  it('grows with the step concurrency so a held transaction can always get a second connection', () => {
    for (const concurrency of [1, 8, 16, 64]) {
      const size = databasePoolSize(concurrency);
      // every step job's transaction (queued or run here), the dispatcher, two ingest groups, and one to make progress
      expect(size).toBeGreaterThanOrEqual(2 * concurrency + 1 + 2 + 1);
    }
  });
});
