import { databasePoolSize } from './pool-size';

describe('databasePoolSize', () => {
  it('keeps the default of 10 connections for the default 4 step jobs', () => {
    expect(databasePoolSize(4)).toBe(10);
  });

  it('grows with the step concurrency so a held transaction can always get a second connection', () => {
    for (const concurrency of [8, 16, 64]) {
      const size = databasePoolSize(concurrency);
      // every step job's transaction, the dispatcher, two ingest groups, and one to make progress
      expect(size).toBeGreaterThanOrEqual(concurrency + 1 + 2 + 1);
    }
  });
});
