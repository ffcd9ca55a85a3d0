import type { PoolClient } from 'pg';
import { CustomerMerge, mergeAnonymousCustomers } from './customer-merger';
import { IdentityRaceError } from './pg-transaction';

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
  /** Anonymous customers merged into known ones. */
  merged: number;
}

interface AliasOwner {
  customerId: number;
  anonymous: boolean;
}

/**
 * Finds or creates the customers behind a batch's ids, inside the caller's transaction:
 * userId -> customers.external_id; anonymousId -> identity_aliases (kind "anonymous"), whose owner
 * is an anonymous customer until the visitor is identified, then the known customer.
 * Concurrent requests are safe: creation uses ON CONFLICT, and whenever another transaction won
 * a race (an alias taken, a customer merged away) an IdentityRaceError re-runs the transaction.
 */
export async function resolveIdentities(client: PoolClient, request: IdentityRequest): Promise<ResolvedIdentities> {
  const known = await findOrCreateKnownCustomers(client, request.userIds);
  const owners = await findAnonymousAliases(client, request.anonymousIds);
  let created = known.created;

  // Links, first one per anonymousId wins: a new alias for the known customer, or a merge.
  const newAliases: { anonymousId: string; customerId: number }[] = [];
  const merges: CustomerMerge[] = [];
  const mergedTargets = new Map<number, number>();
  for (const { anonymousId, userId } of request.links) {
    const target = known.ids.get(userId)!;
    const owner = owners.get(anonymousId);
    if (!owner) {
      newAliases.push({ anonymousId, customerId: target });
      owners.set(anonymousId, { customerId: target, anonymous: false });
    } else if (owner.anonymous && !mergedTargets.has(owner.customerId)) {
      merges.push({ source: owner.customerId, target });
      mergedTargets.set(owner.customerId, target);
    }
    // An anonymousId that already belongs to another known customer stays theirs (a shared device).
  }
  for (const owner of owners.values()) {
    const target = owner.anonymous ? mergedTargets.get(owner.customerId) : undefined;
    if (target !== undefined) Object.assign(owner, { customerId: target, anonymous: false });
  }

  await insertAliases(client, newAliases);
  const unowned = request.anonymousIds.filter((id) => !owners.has(id));
  for (const [anonymousId, customerId] of await createAnonymousCustomers(client, unowned)) {
    owners.set(anonymousId, { customerId, anonymous: true });
  }
  created += unowned.length;
  await mergeAnonymousCustomers(client, merges);

  return {
    created,
    merged: merges.length,
    customerFor(userId, anonymousId) {
      const id = userId !== undefined ? known.ids.get(userId) : anonymousId !== undefined ? owners.get(anonymousId)?.customerId : undefined;
      if (id === undefined) throw new Error(`no customer resolved for userId=${userId} anonymousId=${anonymousId}`);
      return id;
    },
  };
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
          found AS (SELECT c.id, c.external_id FROM customers c JOIN wanted w USING (external_id)),
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

async function insertAliases(client: PoolClient, aliases: { anonymousId: string; customerId: number }[]): Promise<void> {
  if (aliases.length === 0) return;
  const { rowCount } = await client.query(
    `INSERT INTO identity_aliases (customer_id, kind, value)
     SELECT customer_id, $3, value FROM unnest($1::int[], $2::text[]) AS a(customer_id, value)
     ON CONFLICT (kind, value) DO NOTHING`,
    [aliases.map((a) => a.customerId), aliases.map((a) => a.anonymousId), ANONYMOUS_ALIAS],
  );
  if (rowCount !== aliases.length) throw new IdentityRaceError('an anonymousId was claimed by a concurrent request');
}

/** One anonymous customer per new anonymousId, with its alias; any assignment of new empty rows to ids is as good. */
async function createAnonymousCustomers(client: PoolClient, anonymousIds: readonly string[]): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  if (anonymousIds.length === 0) return result;
  const { rows } = await client.query<{ value: string; customer_id: number }>(
    `WITH wanted AS (SELECT value, ord FROM unnest($1::text[]) WITH ORDINALITY AS w(value, ord)),
          fresh AS (INSERT INTO customers (external_id) SELECT NULL FROM wanted RETURNING id),
          numbered AS (SELECT id, row_number() OVER (ORDER BY id) AS ord FROM fresh),
          aliased AS (
            INSERT INTO identity_aliases (customer_id, kind, value)
            SELECT n.id, $2, w.value FROM wanted w JOIN numbered n USING (ord)
            ON CONFLICT (kind, value) DO NOTHING
            RETURNING value, customer_id)
     SELECT value, customer_id FROM aliased`,
    [[...anonymousIds].sort(), ANONYMOUS_ALIAS],
  );
  // Fewer rows: a concurrent request created one of these aliases first. Rolling back also removes our empty customers.
  if (rows.length !== anonymousIds.length) throw new IdentityRaceError('an anonymousId was created by a concurrent request');
  for (const row of rows) result.set(row.value, row.customer_id);
  return result;
}
