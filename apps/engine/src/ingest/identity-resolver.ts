import type { PoolClient } from 'pg';
import { CustomerMerge, mergeAnonymousCustomers } from './customer-merger';
import type { IdentityCache } from './identity-cache';
import { IdentityRaceError, inTransaction } from './pg-transaction';

export const ANONYMOUS_ALIAS = 'anonymous';

/** The ids a set of messages names: resolved together, in a handful of statements whatever their number. */
export interface IdentityRequest {
  userIds: readonly string[];
  anonymousIds: readonly string[];
  /** "This anonymous visitor is this known customer" (identify or any call with both ids; alias), in message order. */
  links: readonly { anonymousId: string; userId: string }[];
}

export interface ResolvedIdentities {
  /** The customer a message is about: its userId's customer, else its anonymousId's. */
  customerFor(userId: string | undefined, anonymousId: string | undefined): number;
  /** Customers created (known and anonymous). */
  created: number;
}

export interface AliasOwner {
  customerId: number;
  anonymous: boolean;
}

/** Every id of a request with its customer, as found or created; merges not done yet. */
export interface EnsuredIdentities {
  knownIds: ReadonlyMap<string, number>;
  owners: Map<string, AliasOwner>;
  /** The first known customer each anonymousId was seen with in this request. */
  firstLinks: ReadonlyMap<string, string>;
  created: number;
}

/**
 * Finds or creates the customers behind a request's ids: userId -> customers.external_id;
 * anonymousId -> identity_aliases (kind "anonymous"), whose owner is an anonymous customer until
 * the visitor is identified, then the known customer.
 *
 * Run OUTSIDE the request's transaction, each statement committing at once: two requests naming
 * the same new id then wait for each other's INSERT for a moment, not for a whole batch. The
 * price is harmless: if the batch then fails, an empty customer or an alias stays, and is used
 * when the batch is sent again. Races are settled with ON CONFLICT and by reading again.
 */
export async function ensureIdentities(client: PoolClient, request: IdentityRequest, cache: IdentityCache): Promise<EnsuredIdentities> {
  const known = { ids: new Map<string, number>(), created: 0 };
  const uncachedUsers: string[] = [];
  for (const userId of request.userIds) {
    const id = cache.customerOfUser(userId);
    if (id === undefined) uncachedUsers.push(userId);
    else known.ids.set(userId, id);
  }
  if (uncachedUsers.length) {
    const found = await findOrCreateKnownCustomers(client, uncachedUsers);
    known.created = found.created;
    for (const [userId, id] of found.ids) {
      known.ids.set(userId, id);
      cache.rememberUser(userId, id);
    }
  }
  const owners = new Map<string, AliasOwner>();
  const uncachedAnonymous: string[] = [];
  for (const anonymousId of request.anonymousIds) {
    const id = cache.knownCustomerOfAnonymous(anonymousId);
    if (id === undefined) uncachedAnonymous.push(anonymousId);
    else owners.set(anonymousId, { customerId: id, anonymous: false });
  }
  for (const [value, owner] of await findAnonymousAliases(client, uncachedAnonymous)) owners.set(value, owner);

  // The first link of a new anonymousId makes it an alias of the known customer directly.
  const firstLinks = new Map<string, string>();
  for (const { anonymousId, userId } of request.links) if (!firstLinks.has(anonymousId)) firstLinks.set(anonymousId, userId);
  const linkedAliases = [...firstLinks].filter(([anonymousId]) => !owners.has(anonymousId)).map(([anonymousId, userId]) => ({ anonymousId, customerId: known.ids.get(userId)! }));
  const lostLinks = await insertAliases(client, linkedAliases, owners);

  const unowned = request.anonymousIds.filter((id) => !owners.has(id) && !firstLinks.has(id));
  const lostAnonymous = await createAnonymousCustomers(client, unowned, owners);
  // A concurrent request created some of these ids first: read its rows.
  const lost = [...lostLinks, ...lostAnonymous];
  if (lost.length) {
    for (const [value, owner] of await findAnonymousAliases(client, lost)) owners.set(value, owner);
    if (lost.some((id) => !owners.has(id))) throw new IdentityRaceError('an anonymousId was deleted while being created');
  }
  return { knownIds: known.ids, owners, firstLinks, created: known.created + unowned.length - lostAnonymous.length };
}

/**
 * Merges each anonymous customer seen with a userId into that known customer, in its own short
 * transaction before the request's (a merge is a fact learnt from a valid message; holding its
 * locks through a whole batch would make every batch naming that visitor wait). Updates `owners`.
 */
export async function mergeLinkedVisitors(client: PoolClient, ensured: EnsuredIdentities): Promise<number> {
  const { firstLinks, knownIds, owners } = ensured;
  if (![...firstLinks.keys()].some((anonymousId) => owners.get(anonymousId)?.anonymous)) return 0;
  return inTransaction(client, async () => {
    const merges = await lockAnonymousCustomers(client, firstLinks, knownIds, owners, false);
    await mergeAnonymousCustomers(client, merges);
    return merges.length;
  });
}

/**
 * Inside the request's transaction: locks the anonymous customers it uses (FOR KEY SHARE, as
 * inserting their events would, but now, so that one merged away meanwhile is noticed and its id
 * read again). Afterwards every id maps to the customer its events belong to.
 */
export async function lockIdentities(client: PoolClient, ensured: EnsuredIdentities, cache: IdentityCache): Promise<ResolvedIdentities> {
  const { knownIds, owners } = ensured;
  await lockAnonymousCustomers(client, new Map(), knownIds, owners, true);
  for (const [anonymousId, owner] of owners) if (!owner.anonymous) cache.rememberAnonymous(anonymousId, owner.customerId);
  return {
    created: ensured.created,
    customerFor(userId, anonymousId) {
      const id = userId !== undefined ? knownIds.get(userId) : anonymousId !== undefined ? owners.get(anonymousId)?.customerId : undefined;
      if (id === undefined) throw new Error(`no customer resolved for userId=${userId} anonymousId=${anonymousId}`);
      return id;
    },
  };
}

/**
 * Locks anonymous customers: FOR UPDATE those to merge into a known customer (first link per
 * anonymous customer wins), and with `lockOthers` FOR KEY SHARE the others. A customer merged
 * away by a concurrent request meanwhile (we waited for it to commit) is gone: its anonymousId is
 * read again (it now belongs to the known customer) and the plan redone.
 * Returns the merges to do; `owners` then maps every anonymousId to its final customer.
 */
async function lockAnonymousCustomers(
  client: PoolClient,
  firstLinks: ReadonlyMap<string, string>,
  knownIds: ReadonlyMap<string, number>,
  owners: Map<string, AliasOwner>,
  lockOthers: boolean,
): Promise<CustomerMerge[]> {
  const locked = { UPDATE: new Set<number>(), 'KEY SHARE': new Set<number>() };
  const isLocked = (id: number) => locked.UPDATE.has(id) || locked['KEY SHARE'].has(id);
  for (let round = 1; ; round++) {
    const merges: CustomerMerge[] = [];
    const mergedInto = new Map<number, number>();
    for (const [anonymousId, userId] of firstLinks) {
      const owner = owners.get(anonymousId)!;
      // An anonymousId that already belongs to another known customer stays theirs (a shared device).
      if (!owner.anonymous || mergedInto.has(owner.customerId)) continue;
      const target = knownIds.get(userId)!;
      merges.push({ source: owner.customerId, target });
      mergedInto.set(owner.customerId, target);
    }
    const sources = merges.map((m) => m.source).filter((id) => !locked.UPDATE.has(id));
    const others = lockOthers
      ? [...new Set([...owners.values()].filter((o) => o.anonymous && !mergedInto.has(o.customerId) && !isLocked(o.customerId)).map((o) => o.customerId))]
      : [];
    for (const [ids, mode] of [[sources, 'UPDATE'], [others, 'KEY SHARE']] as const) {
      if (ids.length === 0) continue;
      const { rows } = await client.query<{ id: number }>(`SELECT id FROM customers WHERE id = ANY($1::int[]) AND external_id IS NULL ORDER BY id FOR ${mode}`, [ids]);
      for (const row of rows) locked[mode].add(row.id);
    }
    const gone = new Set([...sources.filter((id) => !locked.UPDATE.has(id)), ...others.filter((id) => !isLocked(id))]);
    if (gone.size === 0) {
      for (const owner of owners.values()) {
        const target = owner.anonymous ? mergedInto.get(owner.customerId) : undefined;
        if (target !== undefined) Object.assign(owner, { customerId: target, anonymous: false });
      }
      return merges;
    }
    if (round === 3) throw new IdentityRaceError('anonymous customers keep being merged by concurrent requests');
    const values = [...owners].filter(([, o]) => gone.has(o.customerId)).map(([value]) => value);
    for (const value of values) owners.delete(value);
    for (const [value, owner] of await findAnonymousAliases(client, values)) owners.set(value, owner);
    if (values.some((value) => !owners.has(value))) throw new IdentityRaceError('an anonymousId was deleted by a concurrent request');
  }
}

/**
 * One statement in the common case. Only ids not found are inserted, so existing customers do not
 * burn values of the customers.id sequence. A row committed by a concurrent request after this
 * statement's snapshot is neither found nor inserted: it is read again by a second statement.
 */
async function findOrCreateKnownCustomers(client: PoolClient, userIds: readonly string[]): Promise<{ ids: Map<string, number>; created: number }> {
  const ids = new Map<string, number>();
  if (userIds.length === 0) return { ids, created: 0 };
  const sorted = [...userIds].sort(); // one insertion order for everyone: fewer deadlocks
  const { rows } = await client.query<{ id: number; external_id: string; created: boolean }>(
    `WITH wanted AS (SELECT unnest($1::text[]) AS external_id),
          found AS (SELECT c.id, c.external_id FROM customers c WHERE c.external_id = ANY($1::text[])),
          inserted AS (
            INSERT INTO customers (external_id)
            SELECT w.external_id FROM wanted w WHERE NOT EXISTS (SELECT 1 FROM found f WHERE f.external_id = w.external_id)
            ON CONFLICT (external_id) DO NOTHING
            RETURNING id, external_id)
     SELECT id, external_id, false AS created FROM found
     UNION ALL SELECT id, external_id, true AS created FROM inserted`,
    [sorted],
  );
  let created = 0;
  for (const row of rows) {
    ids.set(row.external_id, row.id);
    if (row.created) created++;
  }
  const missing = sorted.filter((id) => !ids.has(id));
  if (missing.length) {
    const again = await client.query<{ id: number; external_id: string }>('SELECT id, external_id FROM customers WHERE external_id = ANY($1::text[])', [missing]);
    for (const row of again.rows) ids.set(row.external_id, row.id);
    if (ids.size < sorted.length) throw new IdentityRaceError('a customer was deleted while being created');
  }
  return { ids, created };
}

async function findAnonymousAliases(client: PoolClient, anonymousIds: readonly string[]): Promise<Map<string, AliasOwner>> {
  const owners = new Map<string, AliasOwner>();
  if (anonymousIds.length === 0) return owners;
  const { rows } = await client.query<{ value: string; customer_id: number; anonymous: boolean }>(
    `SELECT a.value, a.customer_id, c.external_id IS NULL AS anonymous
       FROM identity_aliases a JOIN customers c ON c.id = a.customer_id
      WHERE a.kind = $2 AND a.value = ANY($1::text[])`,
    [anonymousIds, ANONYMOUS_ALIAS],
  );
  for (const row of rows) owners.set(row.value, { customerId: row.customer_id, anonymous: row.anonymous });
  return owners;
}

/**
 * Inserts aliases of known customers; records them in `owners` and returns the ids a concurrent
 * request created first (ON CONFLICT waited for it to commit, so they can be read now).
 */
async function insertAliases(client: PoolClient, aliases: { anonymousId: string; customerId: number }[], owners: Map<string, AliasOwner>): Promise<string[]> {
  if (aliases.length === 0) return [];
  aliases.sort((a, b) => (a.anonymousId < b.anonymousId ? -1 : 1)); // one insertion order for everyone: fewer deadlocks
  const { rows } = await client.query<{ value: string; customer_id: number }>(
    `INSERT INTO identity_aliases (customer_id, kind, value)
     SELECT customer_id, $3, value FROM unnest($1::int[], $2::text[]) AS a(customer_id, value)
     ON CONFLICT (kind, value) DO NOTHING
     RETURNING value, customer_id`,
    [aliases.map((a) => a.customerId), aliases.map((a) => a.anonymousId), ANONYMOUS_ALIAS],
  );
  for (const row of rows) owners.set(row.value, { customerId: row.customer_id, anonymous: false });
  return aliases.filter((a) => !owners.has(a.anonymousId)).map((a) => a.anonymousId);
}

/**
 * One anonymous customer per new anonymousId, with its alias (any assignment of new empty rows to
 * ids is as good). Returns the ids a concurrent request created first, after deleting the empty
 * customers made for them.
 */
async function createAnonymousCustomers(client: PoolClient, anonymousIds: readonly string[], owners: Map<string, AliasOwner>): Promise<string[]> {
  if (anonymousIds.length === 0) return [];
  const { rows } = await client.query<{ value: string | null; customer_id: number }>(
    `WITH wanted AS (SELECT value, ord FROM unnest($1::text[]) WITH ORDINALITY AS w(value, ord)),
          fresh AS (INSERT INTO customers (external_id) SELECT NULL FROM wanted RETURNING id),
          numbered AS (SELECT id, row_number() OVER (ORDER BY id) AS ord FROM fresh),
          aliased AS (
            INSERT INTO identity_aliases (customer_id, kind, value)
            SELECT n.id, $2, w.value FROM wanted w JOIN numbered n USING (ord)
            ON CONFLICT (kind, value) DO NOTHING
            RETURNING value, customer_id)
     SELECT a.value, f.id AS customer_id FROM fresh f LEFT JOIN aliased a ON a.customer_id = f.id`,
    [[...anonymousIds].sort(), ANONYMOUS_ALIAS],
  );
  const unused: number[] = [];
  for (const row of rows) {
    if (row.value === null) unused.push(row.customer_id);
    else owners.set(row.value, { customerId: row.customer_id, anonymous: true });
  }
  if (unused.length) await client.query('DELETE FROM customers WHERE id = ANY($1::int[])', [unused]);
  return anonymousIds.filter((id) => !owners.has(id));
}
