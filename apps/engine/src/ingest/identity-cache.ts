/**
 * Recently resolved ids of KNOWN customers, in this process: userId -> customer id, and
 * anonymousId -> the known customer it belongs to. Known customers are never merged away (only
 * anonymous ones are), so an entry stays right: the application never deletes a known customer
 * (events have no foreign key to customers, for speed: whatever deletes customers in future must
 * also clear this cache and delete their events). A request that fails on another foreign key
 * (aliases, merges) clears the cache and runs again.
 * Anonymous customers are not cached: a merge can take them away at any time.
 * Emptying the table (TRUNCATE ... RESTART IDENTITY, as tests and resets do) would let ids come
 * back for other customers: the table's storage changes then, which `sameCustomersTable` notices.
 */
export class IdentityCache {
  private readonly userIds = new Map<string, number>();
  private readonly anonymousIds = new Map<string, number>();
  /** pg_relation_filenode('customers') when the entries were read. */
  private customersTable: string | undefined;

  constructor(private readonly maxEntries = 200_000) {}

  customerOfUser(userId: string): number | undefined {
    return this.userIds.get(userId);
  }

  knownCustomerOfAnonymous(anonymousId: string): number | undefined {
    return this.anonymousIds.get(anonymousId);
  }

  rememberUser(userId: string, customerId: number): void {
    remember(this.userIds, userId, customerId, this.maxEntries);
  }

  rememberAnonymous(anonymousId: string, knownCustomerId: number): void {
    remember(this.anonymousIds, anonymousId, knownCustomerId, this.maxEntries);
  }

  /** The customers table's filenode the cached ids belong to (undefined before the first check). */
  get customersTableSeen(): string | undefined {
    return this.customersTable;
  }

  /** False when the customers table was rewritten since the entries were read: they must not be used. */
  sameCustomersTable(filenode: string): boolean {
    this.customersTable ??= filenode;
    return this.customersTable === filenode;
  }

  clear(): void {
    this.userIds.clear();
    this.anonymousIds.clear();
    this.customersTable = undefined;
  }
}

/** Bounded: past the limit, the oldest entry (a Map iterates in insertion order) makes room. */
function remember(map: Map<string, number>, key: string, value: number, max: number): void {
  if (map.get(key) === value) return;
  map.delete(key);
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value!);
}
