import { IdentityCache } from './identity-cache';

describe('IdentityCache', () => {
  it('remembers known customers by userId and anonymousId, up to a limit (oldest out first)', () => {
    const cache = new IdentityCache(2);
    cache.rememberUser('a', 1);
    cache.rememberUser('b', 2);
    cache.rememberUser('a', 1); // already there: stays the older entry
    cache.rememberUser('c', 3);
    expect([cache.customerOfUser('a'), cache.customerOfUser('b'), cache.customerOfUser('c')]).toEqual([undefined, 2, 3]);
    cache.rememberAnonymous('device', 3);
    expect(cache.knownCustomerOfAnonymous('device')).toBe(3);
  });

  it('notices a rewritten customers table, and forgets everything on clear', () => {
    const cache = new IdentityCache();
    cache.rememberUser('a', 1);
    expect(cache.sameCustomersTable('16384')).toBe(true);
    expect(cache.sameCustomersTable('16384')).toBe(true);
    expect(cache.sameCustomersTable('16999')).toBe(false);
    cache.clear();
    expect(cache.customerOfUser('a')).toBeUndefined();
    expect(cache.sameCustomersTable('16999')).toBe(true);
  });
});
