import { reEntryCondition } from './re-entry';

describe('reEntryCondition', () => {
  it('never: any earlier enrollment blocks', () => {
    expect(reEntryCondition({ policy: 'never' })).toBe('TRUE');
  });
  it('after-exit: only an unfinished enrollment blocks', () => {
    expect(reEntryCondition({ policy: 'after-exit' })).toBe(`e.status IN ('active', 'waiting')`);
  });
  it('after-days: an unfinished one, or one finished less than N days before the entry', () => {
    expect(reEntryCondition({ policy: 'after-days', days: 30 })).toContain('make_interval(days => 30)');
  });
  it('never puts anything but an integer into the SQL', () => {
    expect(reEntryCondition({ policy: 'after-days', days: '1); DROP TABLE x; --' as unknown as number })).toContain('make_interval(days => 1)');
  });
});
