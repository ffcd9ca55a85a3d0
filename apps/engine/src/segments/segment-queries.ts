import { Injectable } from '@nestjs/common';
import { notFound } from '../common/errors/domain-error';
import { PrismaService } from '../database/prisma.service';
import { FACT_CATALOGUE, referencedSegmentIds } from './fact-catalogue';
import { SegmentCatalog } from './segment-catalog';
import type { StoredDefinition } from './segments.schemas';

const DAY_MS = 86_400_000;

/** Read side of segments: lists, members, history, sizes over time, a customer's segments. */
@Injectable()
export class SegmentQueries {
  constructor(
    private readonly prisma: PrismaService,
    private readonly catalog: SegmentCatalog,
  ) {}

  list(query: { includeArchived: boolean; kind?: string }) {
    return this.prisma.segment.findMany({ where: { ...(query.includeArchived ? {} : { archivedAt: null }), ...(query.kind ? { kind: query.kind } : {}) }, orderBy: { id: 'asc' } });
  }

  async get(id: number) {
    const segment = await this.prisma.segment.findUnique({ where: { id } });
    if (!segment) throw notFound('Segment', id);
    const stored = { kind: segment.kind, definition: segment.definition } as StoredDefinition;
    return { ...segment, dependsOn: stored.kind === 'rule' ? referencedSegmentIds(stored.definition.condition) : [] };
  }

  /** The fact catalogue for the rule editor, with the segments `inSegment` may name. */
  async facts() {
    const segments = await this.catalog.activeSegments();
    return { ...FACT_CATALOGUE, segments: segments.map((s) => ({ id: String(s.id), name: s.name, kind: s.stored.kind })) };
  }

  async members(id: number, page: number, pageSize: number) {
    const segment = await this.get(id);
    const stored = { kind: segment.kind, definition: segment.definition } as StoredDefinition;
    const model = stored.kind === 'scoreBand' ? (await this.catalog.activeModels()).get(stored.definition.model) : undefined;
    const params: unknown[] = [id, pageSize, (page - 1) * pageSize];
    if (model) params.push(model.ids);
    const [{ rows: items }, { rows: total }] = await Promise.all([
      this.prisma.pool.query(
        `SELECT m.customer_id AS "customerId", m.entered_at AS "enteredAt", c.external_id AS "externalId", c.email, c.name, c.country, c.city, c.plan
           ${model ? ', (SELECT s.score FROM customer_scores s WHERE s.customer_id = m.customer_id AND s.model_version_id = ANY($4::int[]) ORDER BY array_position($4::int[], s.model_version_id) LIMIT 1) AS score' : ''}
         FROM segment_memberships m JOIN customers c ON c.id = m.customer_id
         WHERE m.segment_id = $1 ORDER BY m.entered_at DESC, m.customer_id LIMIT $2 OFFSET $3`,
        params,
      ),
      this.prisma.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM segment_memberships WHERE segment_id = $1', [id]),
    ]);
    return { items, total: total[0].n, page, pageSize, modelVersionId: model?.id ?? null };
  }

  /** Entries and exits, newest first; `before` is the id cursor of the previous page. */
  async history(id: number, query: { limit: number; before?: string; kind?: 'entered' | 'exited' }) {
    await this.get(id);
    const params: unknown[] = [id, query.limit];
    const filters = ['e.segment_id = $1'];
    if (query.before) filters.push(`e.id < $${params.push(query.before)}`);
    if (query.kind) filters.push(`e.kind = $${params.push(query.kind)}`);
    const { rows } = await this.prisma.pool.query<{ id: string }>(
      `SELECT e.id::text AS id, e.kind, e.at, e.as_of AS "asOf", e.reason, e.model_version_id AS "modelVersionId", e.score, e.customer_id AS "customerId",
              c.external_id AS "externalId", c.name, c.email
       FROM segment_membership_events e JOIN customers c ON c.id = e.customer_id
       WHERE ${filters.join(' AND ')} ORDER BY e.id DESC LIMIT $2`,
      params,
    );
    return { items: rows, nextBefore: rows.length === query.limit ? rows[rows.length - 1].id : null };
  }

  /** Per UTC day of the window: entries, exits and the size at the end of the day (from the history). */
  async sizeHistory(id: number, days: number) {
    await this.get(id);
    const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
    const from = new Date(today - (days - 1) * DAY_MS);
    const { rows } = await this.prisma.pool.query<{ day: Date | null; entered: number; exited: number }>(
      `SELECT CASE WHEN at < $2 THEN NULL ELSE date_trunc('day', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' END AS day,
              count(*) FILTER (WHERE kind = 'entered')::int AS entered, count(*) FILTER (WHERE kind = 'exited')::int AS exited
       FROM segment_membership_events WHERE segment_id = $1 GROUP BY 1 ORDER BY 1 NULLS FIRST`,
      [id, from],
    );
    const byDay = new Map(rows.filter((r) => r.day).map((r) => [r.day!.getTime(), r]));
    const before = rows.find((r) => !r.day);
    let size = before ? before.entered - before.exited : 0;
    const points = [];
    for (let day = from.getTime(); day <= today; day += DAY_MS) {
      const row = byDay.get(day);
      const entered = row?.entered ?? 0;
      const exited = row?.exited ?? 0;
      size += entered - exited;
      points.push({ day: new Date(day).toISOString().slice(0, 10), entered, exited, net: entered - exited, size });
    }
    return { segmentId: id, days: points };
  }

  async customerSegments(customerId: number, limit: number) {
    const customer = await this.prisma.customer.findUnique({ where: { id: customerId }, select: { id: true, externalId: true, name: true } });
    if (!customer) throw notFound('Customer', customerId);
    const [memberships, history] = await Promise.all([
      this.prisma.segmentMembership.findMany({
        where: { customerId, segment: { archivedAt: null } },
        select: { enteredAt: true, segment: { select: { id: true, name: true, kind: true } } },
        orderBy: { enteredAt: 'desc' },
      }),
      this.prisma.segmentMembershipEvent.findMany({
        where: { customerId },
        select: { id: true, kind: true, at: true, asOf: true, reason: true, modelVersionId: true, score: true, segment: { select: { id: true, name: true, kind: true } } },
        orderBy: { id: 'desc' },
        take: limit,
      }),
    ]);
    return { customer, memberships, history: history.map((h) => ({ ...h, id: h.id.toString() })) };
  }
}
