import { Injectable, Logger } from '@nestjs/common';
import { DomainEventBus } from '../events/domain-event-bus';
import type { SegmentMembershipChange } from '../events/domain-events';
import { PrismaService } from '../database/prisma.service';
import { inLanes } from '../common/async/in-lanes';
import { inPoolTransaction } from '../ingest/pg-transaction';
import type { Facts } from '@retain/rules';
import { changedMembersQuery } from './changed-members-query';
import { type CustomerFactsPage, CustomerFactsReader } from './customer-facts-reader';
import { diffMembership } from './membership-diff';
import { candidateQuery } from './segment-candidates';
import { membershipSql } from './segment-sql';
import { type ActiveSegment, affectedBy, dependencyNodes, type RefreshCause, SegmentCatalog } from './segment-catalog';
import { orderByDependencies, withDependents } from './segment-dependencies';
import { createSegmentMatcher, type MatcherContext } from './segment-matcher';
import { type DataTime, dataTimeOf, type PendingChange, writeMembershipChanges } from './membership-writes';

/** Segments refreshed at once (one evaluates in Node while PostgreSQL writes the other). */
const REFRESH_LANES = 2;

export interface RefreshResult {
  segmentId: number;
  entered: number;
  exited: number;
  size: number;
  evaluated: number;
  ms: number;
}

/**
 * Re-evaluates segment membership and records every change: one transaction per segment writes the
 * entries, exits, their history rows, the size and the refresh time; after commit each change is
 * published as segment.entered / segment.exited. Callers go through SegmentRefreshQueue, which
 * runs one refresh at a time; within it, two segments are refreshed at once.
 */
@Injectable()
export class MembershipRefresher {
  private readonly logger = new Logger('Segments');

  constructor(
    private readonly prisma: PrismaService,
    private readonly catalog: SegmentCatalog,
    private readonly reader: CustomerFactsReader,
    private readonly bus: DomainEventBus,
  ) {}

  /**
   * Refreshes the given segments (or all) and those that new facts or scores (`causes`) can change,
   * for every customer, plus the segments that depend on them, in dependency order.
   */
  async refreshSegments(segmentIds: readonly number[] | 'all', causes: readonly RefreshCause[] = []): Promise<RefreshResult[]> {
    return this.run(segmentIds, undefined, causes);
  }

  /** Re-evaluates only these customers against every active segment. */
  async refreshCustomers(customerIds: readonly number[]): Promise<RefreshResult[]> {
    if (!customerIds.length) return [];
    return this.run('all', customerIds);
  }

  private async run(segmentIds: readonly number[] | 'all', customerIds: readonly number[] | undefined, causes: readonly RefreshCause[] = []): Promise<RefreshResult[]> {
    const segments = await this.catalog.activeSegments();
    const byId = new Map(segments.map((s) => [s.id, s]));
    const nodes = dependencyNodes(segments);
    const wanted = segmentIds === 'all' ? 'all' : [...segmentIds.filter((id) => byId.has(id)), ...segments.filter((s) => causes.some((cause) => affectedBy(cause, s.stored))).map((s) => s.id)];
    const order = wanted === 'all' ? orderByDependencies(nodes) : withDependents(wanted, nodes);
    const context: MatcherContext = { now: new Date(), activeModels: await this.catalog.activeModels() };
    // Two segments at a time: while PostgreSQL writes one segment's changes, Node reads and
    // evaluates the next. A segment starts only after the segments it uses (inSegment): `order` puts
    // them first, so they are already running or done, and it waits for them.
    const dependsOn = new Map(nodes.map((node) => [node.id, node.dependsOn]));
    const done = new Map<number, Promise<RefreshResult>>();
    return inLanes(order.length, REFRESH_LANES, async (i) => {
      const id = order[i];
      const refreshed = (async () => {
        await Promise.all((dependsOn.get(id) ?? []).map((dep) => done.get(dep)));
        return this.refreshOne(byId.get(id)!, context, customerIds);
      })();
      done.set(id, refreshed);
      return refreshed;
    });
  }

  private async refreshOne(segment: ActiveSegment, context: MatcherContext, customerIds: readonly number[] | undefined): Promise<RefreshResult> {
    const started = performance.now();
    const phases = new PhaseTimer();
    const matcher = createSegmentMatcher(segment.stored, context);
    const members = await this.currentMembers(segment.id, customerIds);
    const entered: PendingChange[] = [];
    const exited: PendingChange[] = [];
    let evaluated = 0;
    // A full refresh asks PostgreSQL which customers' membership changes, with their facts, in one
    // query; a segment SQL cannot express falls back to its candidates and the current members (or
    // everyone). The compiled matcher decides either way.
    const test = customerIds ? null : membershipSql(segment.stored, context);
    const pages: AsyncIterable<CustomerFactsPage & { asOf?: Array<Date | null> }> = test
      ? this.reader.queryPages(changedMembersQuery(test, matcher.needs, context.activeModels, segment.id))
      : this.reader.pages({ facts: matcher.needs, activeModels: context.activeModels, customerIds: customerIds ?? (await this.candidates(segment, members)) });
    phases.lap('prepare');
    for await (const page of pages) {
      const matches = page.facts.map((facts) => matcher.matches(facts));
      const diff = diffMembership(page.customerIds, matches, (id) => members.has(id));
      evaluated += page.customerIds.length;
      if (!diff.entered.length && !diff.exited.length) continue;
      const rowOf = new Map(page.customerIds.map((id, i) => [id, i]));
      const change = (customerId: number, words: (facts: Facts) => string): PendingChange => {
        const row = rowOf.get(customerId)!;
        const facts = page.facts[row];
        return { customerId, reason: words(facts), score: matcher.scoreOf(facts), modelVersionId: matcher.modelVersionOf?.(facts) ?? matcher.modelVersionId, ...(page.asOf ? { asOf: page.asOf[row] } : {}) };
      };
      for (const id of diff.entered) entered.push(change(id, matcher.enterReason));
      for (const id of diff.exited) exited.push(change(id, matcher.exitReason));
    }
    phases.lap('read and evaluate');
    // also when nothing changed: the recount corrects the size after merges and deletions, which
    // remove memberships without touching it
    const written = await this.write(segment.id, entered, exited, matcher.modelVersionId, dataTimeOf(segment.stored.kind));
    phases.lap('write');
    await this.publish(segment.id, written);
    phases.lap('publish');
    const ms = Math.round(performance.now() - started);
    if (!customerIds) this.logger.log(`Segment ${segment.id} (${segment.name}) refreshed in ${ms} ms (${phases}): ${evaluated} customers, +${written.entered.length} −${written.exited.length}, size ${written.size}`);
    return { segmentId: segment.id, entered: written.entered.length, exited: written.exited.length, size: written.size, evaluated, ms };
  }

  private async candidates(segment: ActiveSegment, members: ReadonlySet<number>): Promise<number[] | undefined> {
    const query = candidateQuery(segment.stored);
    if (!query) return undefined;
    const { rows } = await this.prisma.pool.query<{ id: number }>(`SELECT customer_id AS id FROM (${query.sql}) candidates`, query.params);
    const ids = new Set(members);
    for (const row of rows) ids.add(row.id);
    return [...ids];
  }

  private async currentMembers(segmentId: number, customerIds: readonly number[] | undefined): Promise<Set<number>> {
    const { rows } = customerIds
      ? await this.prisma.pool.query<{ id: number }>('SELECT customer_id AS id FROM segment_memberships WHERE segment_id = $1 AND customer_id = ANY($2::int[])', [segmentId, customerIds])
      : await this.prisma.pool.query<{ id: number }>('SELECT customer_id AS id FROM segment_memberships WHERE segment_id = $1', [segmentId]);
    return new Set(rows.map((row) => row.id));
  }

  /**
   * One transaction; rows that changed meanwhile are skipped (ON CONFLICT / RETURNING), and an
   * archived segment is left alone. The membership tables have no foreign keys (migration
   * 20261201040000): entries join customers, so a customer deleted meanwhile does not enter; the
   * history follows the rows actually inserted or deleted.
   */
  private async write(segmentId: number, entered: PendingChange[], exited: PendingChange[], modelVersionId: number | null, dataTime: DataTime): Promise<WrittenChanges & { size: number }> {
    return inPoolTransaction(this.prisma.pool, async (client) => {
      const locked = await client.query<{ at: Date }>('SELECT now() AS at FROM segments WHERE id = $1 AND archived_at IS NULL FOR UPDATE', [segmentId]);
      if (!locked.rows.length) return { at: new Date(), entered: [], exited: [], size: 0, modelVersionId };
      const at = locked.rows[0].at;
      const written = await writeMembershipChanges(client, segmentId, at, entered, exited, modelVersionId, dataTime);
      const { rows } = await client.query<{ size: number }>(
        `UPDATE segments SET size = (SELECT count(*) FROM segment_memberships WHERE segment_id = $1), last_refreshed_at = $2 WHERE id = $1 RETURNING size`,
        [segmentId, at],
      );
      return { at, ...written, size: rows[0].size, modelVersionId };
    });
  }

  /** After commit: one domain event per change, entries first (the flow runtime consumes them). */
  async publish(segmentId: number, written: WrittenChanges): Promise<void> {
    for (const change of written.entered) await this.bus.publish('segment.entered', toEventPayload(segmentId, change, written));
    for (const change of written.exited) await this.bus.publish('segment.exited', toEventPayload(segmentId, change, written));
  }
}

/** Milliseconds per named phase, for the log line ("prepare 3 ms, read and evaluate 2907 ms, ..."). */
class PhaseTimer {
  private last = performance.now();
  private readonly laps: string[] = [];

  lap(name: string): void {
    const now = performance.now();
    this.laps.push(`${name} ${Math.round(now - this.last)} ms`);
    this.last = now;
  }

  toString(): string {
    return this.laps.join(', ');
  }
}

export interface WrittenChanges {
  at: Date;
  entered: PendingChange[];
  exited: PendingChange[];
  modelVersionId: number | null;
}

function toEventPayload(segmentId: number, change: PendingChange, written: WrittenChanges): SegmentMembershipChange {
  return { segmentId, customerId: change.customerId, at: written.at, reason: change.reason, modelVersionId: change.modelVersionId ?? written.modelVersionId, score: change.score };
}

