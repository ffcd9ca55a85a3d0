import { Injectable, Optional } from '@nestjs/common';
import { ChangedCustomersNotifier } from '../events/changed-customers-notifier';
import { DomainEventBus } from '../events/domain-event-bus';
import type { TrackedEvent } from '../events/domain-events';
import { FlowEventOutbox } from '../events/flow-event-outbox';
import { PrismaService } from '../database/prisma.service';
import { EventRow, insertAndStageEvents } from './event-writer';
import { DomainError } from '../common/errors/domain-error';
import { GroupCommitter } from './group-commit';
import { IdentityCache } from './identity-cache';
import { ensureIdentities, IdentityRequest, lockIdentities, mergeLinkedVisitors, type ResolvedIdentities } from './identity-resolver';
import type { IncomingMessage } from './incoming-message';
import { IdentityRaceError, inTransaction, withRetries } from './pg-transaction';
import { applyTraits, TraitUpdate } from './trait-writer';

/** The `source` column of events that came through the Segment-compatible API. */
export const SEGMENT_SOURCE = 'segment';

export interface IngestResult {
  /** Messages stored now. */
  accepted: number;
  /** Messages whose messageId was already stored (or repeated in the same batch): stored once. */
  duplicates: number;
}

/**
 * Stores validated messages: identities resolved for the whole set at once, all events in one
 * statement, traits applied once per customer. Events and traits are one transaction (all or
 * nothing). Before it, each in short transactions of their own so that concurrent batches do not
 * queue behind each other: creating the customers and aliases the ids name, and merging visitors
 * who identified (each merge is itself one transaction).
 */
@Injectable()
export class IngestService {
  private readonly identityCache = new IdentityCache();

  constructor(
    private readonly prisma: PrismaService,
    @Optional() private readonly changedCustomers?: ChangedCustomersNotifier,
    @Optional() private readonly bus?: DomainEventBus,
    @Optional() private readonly flowEvents?: FlowEventOutbox,
  ) {}

  /** Single-event calls (track, identify, page, screen) written together; see GroupCommitter. */
  private readonly calls = new GroupCommitter<readonly IncomingMessage[], IngestResult>((calls) => this.storeGroup(calls), (call) => call.length, {
    concurrentGroups: 2,
    maxGroupSize: 500,
  });

  /** Stores one request's messages in a transaction of their own (batch, alias). */
  async ingest(messages: readonly IncomingMessage[]): Promise<IngestResult> {
    return (await this.store([messages]))[0];
  }

  /**
   * Stores a validated single-event call together with the calls arriving meanwhile (group
   * commit): one transaction for the group, answered when it committed. A duplicate messageId
   * counts as a duplicate of the call that came first, as if the calls were written one by one.
   */
  ingestCall(messages: readonly IncomingMessage[]): Promise<IngestResult> {
    return this.calls.submit(messages);
  }

  private async storeGroup(calls: readonly (readonly IncomingMessage[])[]): Promise<PromiseSettledResult<IngestResult>[]> {
    try {
      return (await this.store(calls)).map((value) => ({ status: 'fulfilled', value }));
    } catch (error) {
      // A value PostgreSQL refuses is one caller's input: written one by one, only that call gets its 400.
      if (calls.length === 1 || !(error instanceof DomainError && error.code === 'VALIDATION_FAILED')) throw error;
      const settled: PromiseSettledResult<IngestResult>[] = [];
      for (const call of calls) settled.push(...(await Promise.allSettled([this.ingest(call)])));
      return settled;
    }
  }

  /** Stores the messages of one or more calls in one transaction; one result per call. */
  private async store(calls: readonly (readonly IncomingMessage[])[]): Promise<IngestResult[]> {
    const messages = calls.flat();
    const unique = firstOfEachMessageId(messages);
    const identities = identityRequest(unique);
    const grouped = calls.length > 1;
    const stageNames = this.flowEvents?.watchedNames() ?? [];

    const { inserted, isNew, customerIds, tracked, staged } = await withRetries(this.prisma.pool, async (client) => {
      const ensured = await ensureIdentities(client, identities, this.identityCache);
      await mergeLinkedVisitors(client, ensured);
      const write = async () => {
        const resolved = await lockIdentities(client, ensured, this.identityCache);
        const rows = eventRows(unique, resolved);
        // the events and their outbox rows for the flows, in one statement
        const written = await insertAndStageEvents(client, rows, SEGMENT_SOURCE, { stageNames, customersTable: this.identityCache.customersTableSeen });
        // the statement stored nothing then (its guard), and the retry reads the ids again
        if (!this.identityCache.sameCustomersTable(written.customersTable)) throw new IdentityRaceError('the customers table was emptied since ids were cached');
        const { isNew } = written;
        // Traits only from messages stored now: a re-sent identify must not undo a later one.
        await applyTraits(client, traitUpdates(unique, rows, (m) => isNew(m.messageId)));
        const tracked: TrackedEvent[] = rows.filter((row) => isNew(row.messageId)).map((row) => ({ customerId: row.customerId, name: row.name, properties: row.properties, occurredAt: row.occurredAt }));
        return { inserted: written.inserted, isNew, customerIds: rows.map((r) => r.customerId), tracked, staged: written.staged };
      };
      // BEGIN and COMMIT (two more round trips) only when traits or locks on anonymous customers
      // go with the events: the one statement alone is atomic by itself
      const alone = !unique.some((m) => m.traits) && ![...ensured.owners.values()].some((owner) => owner.anonymous);
      return alone ? write() : inTransaction(client, write);
      // A lost race, or a cached customer deleted meanwhile (foreign key): start again from the database.
    }, () => this.identityCache.clear());
    // Segments and features of these customers refresh shortly after (coalesced, off this request).
    if (inserted > 0) this.changedCustomers?.add(customerIds, 'ingest');
    // Flows react after the commit (triggers, waits for an event, goals), off this request: the
    // runtime's dispatcher works from the staged rows. Other listeners (offer redemption) run here;
    // a failing handler is logged, not returned.
    if (staged > 0) this.flowEvents?.committed();
    if (tracked.length > 0) await this.bus?.publish('customer.events-tracked', { events: tracked });
    if (!grouped) return [{ accepted: inserted, duplicates: messages.length - inserted }];
    const stored = new Set(unique.filter((m) => isNew(m.messageId)));
    return calls.map((call) => {
      const accepted = call.filter((m) => stored.has(m)).length;
      return { accepted, duplicates: call.length - accepted };
    });
  }
}

function eventRows(messages: readonly IncomingMessage[], resolved: ResolvedIdentities): EventRow[] {
  return messages.map((m) => ({
    customerId: resolved.customerFor(m.userId, m.anonymousId),
    name: m.name,
    occurredAt: m.occurredAt,
    properties: m.properties,
    messageId: m.messageId,
  }));
}

/** A messageId repeated within one request is one message: the first copy counts. */
function firstOfEachMessageId(messages: readonly IncomingMessage[]): IncomingMessage[] {
  const seen = new Set<string>();
  return messages.filter((m) => {
    if (m.messageId === undefined) return true;
    if (seen.has(m.messageId)) return false;
    seen.add(m.messageId);
    return true;
  });
}

export function identityRequest(messages: readonly IncomingMessage[]): IdentityRequest {
  const userIds = new Set<string>();
  const anonymousIds = new Set<string>();
  const links: IdentityRequest['links'][number][] = [];
  for (const m of messages) {
    // alias says previousId is now userId; we link it like an anonymousId seen with that userId.
    const anonymousId = m.type === 'alias' ? m.previousId : m.anonymousId;
    if (m.userId !== undefined) userIds.add(m.userId);
    if (anonymousId !== undefined) anonymousIds.add(anonymousId);
    if (m.userId !== undefined && anonymousId !== undefined) links.push({ anonymousId, userId: m.userId });
  }
  return { userIds: [...userIds], anonymousIds: [...anonymousIds], links };
}

/** Traits of the new messages, merged per customer in message order (later wins). */
function traitUpdates(messages: readonly IncomingMessage[], rows: readonly EventRow[], isNew: (m: IncomingMessage) => boolean): TraitUpdate[] {
  const byCustomer = new Map<number, TraitUpdate>();
  messages.forEach((m, i) => {
    if (!m.traits || !isNew(m)) return;
    const customerId = rows[i].customerId;
    const update = byCustomer.get(customerId) ?? { customerId, columns: {}, attributes: {} };
    Object.assign(update.columns, m.traits.columns);
    Object.assign(update.attributes, m.traits.attributes);
    byCustomer.set(customerId, update);
  });
  return [...byCustomer.values()];
}
