import { Injectable } from '@nestjs/common';
import { notFound } from '../common/errors/domain-error';
import { PrismaService } from '../database/prisma.service';
import { Prisma } from '../generated/prisma/client';
import type { ListCustomersQuery } from './customers.schemas';
import { decodeCursor, encodeCursor, TimelineCursor } from './timeline-cursor';

const summaryFields = {
  id: true,
  externalId: true,
  email: true,
  name: true,
  country: true,
  city: true,
  plan: true,
  emailConsent: true,
  attributes: true,
  createdAt: true,
} as const;

const SORTS: Record<ListCustomersQuery['sort'], Prisma.CustomerOrderByWithRelationInput[]> = {
  id: [{ id: 'asc' }],
  '-id': [{ id: 'desc' }],
  createdAt: [{ createdAt: 'asc' }, { id: 'asc' }],
  '-createdAt': [{ createdAt: 'desc' }, { id: 'desc' }],
  externalId: [{ externalId: 'asc' }, { id: 'asc' }],
  '-externalId': [{ externalId: 'desc' }, { id: 'desc' }],
};

export type TimelineItem =
  | { type: 'event'; id: string; at: Date; name: string; properties: unknown }
  | {
      type: 'transaction';
      id: string;
      at: Date;
      invoice: string;
      sku: string | null;
      description: string | null;
      quantity: number | null;
      unitPrice: number | null;
      amount: number;
      currency: string;
      isReturn: boolean;
      isCancellation: boolean;
    };

@Injectable()
export class CustomersService {
  constructor(private readonly prisma: PrismaService) {}

  async list(query: ListCustomersQuery) {
    const where = this.filter(query);
    const [items, total] = await Promise.all([
      this.prisma.customer.findMany({
        where,
        select: summaryFields,
        orderBy: SORTS[query.sort],
        skip: (query.page - 1) * query.pageSize,
        take: query.pageSize,
      }),
      this.prisma.customer.count({ where }),
    ]);
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  async facets() {
    const [countries, plans] = await Promise.all([
      this.prisma.customer.groupBy({ by: ['country'], where: { country: { not: null } }, _count: { _all: true }, orderBy: { _count: { country: 'desc' } } }),
      this.prisma.customer.groupBy({ by: ['plan'], where: { plan: { not: null } }, _count: { _all: true }, orderBy: { _count: { plan: 'desc' } } }),
    ]);
    return {
      countries: countries.map((c) => ({ value: c.country!, count: c._count._all })),
      plans: plans.map((p) => ({ value: p.plan!, count: p._count._all })),
    };
  }

  async profile(id: number) {
    const customer = await this.prisma.customer.findUnique({
      where: { id },
      include: { aliases: { select: { kind: true, value: true, createdAt: true }, orderBy: { id: 'asc' } } },
    });
    if (!customer) throw notFound('Customer', id);
    const [purchases] = await this.prisma.$queryRaw<
      { orders: bigint; lines: bigint; net_revenue: Prisma.Decimal | null; returns: bigint; first_at: Date | null; last_at: Date | null }[]
    >`SELECT count(DISTINCT invoice) FILTER (WHERE NOT is_cancellation AND amount >= 0) AS orders,
             count(*) AS lines,
             sum(amount) AS net_revenue,
             count(*) FILTER (WHERE is_return OR is_cancellation) AS returns,
             min(occurred_at) FILTER (WHERE NOT is_cancellation AND amount >= 0) AS first_at,
             max(occurred_at) FILTER (WHERE NOT is_cancellation AND amount >= 0) AS last_at
        FROM transactions WHERE customer_id = ${id}`;
    const events = await this.prisma.event.count({ where: { customerId: id } });
    return {
      ...customer,
      summary: {
        orders: Number(purchases.orders),
        transactionLines: Number(purchases.lines),
        netRevenue: purchases.net_revenue === null ? 0 : Number(purchases.net_revenue),
        returns: Number(purchases.returns),
        firstPurchaseAt: purchases.first_at,
        lastPurchaseAt: purchases.last_at,
        events,
      },
    };
  }

  /** Events and transactions merged, newest first, paged by a cursor that survives equal timestamps. */
  async timeline(id: number, limit: number, before?: string) {
    if (!(await this.prisma.customer.findUnique({ where: { id }, select: { id: true } }))) throw notFound('Customer', id);
    const cursor = decodeCursor(before);
    const after = (kind: 0 | 1) =>
      cursor ? Prisma.sql`AND (occurred_at, ${kind}::int, id) < (${cursor.at}, ${cursor.kind}::int, ${cursor.id}::bigint)` : Prisma.empty;
    const [events, transactions] = await Promise.all([
      this.prisma.$queryRaw<{ id: bigint; occurred_at: Date; name: string; properties: unknown }[]>`
        SELECT id, occurred_at, name, properties FROM events
         WHERE customer_id = ${id} ${after(1)}
         ORDER BY occurred_at DESC, id DESC LIMIT ${limit + 1}`,
      this.prisma.$queryRaw<
        { id: bigint; occurred_at: Date; invoice: string; sku: string | null; description: string | null; quantity: Prisma.Decimal | null; unit_price: Prisma.Decimal | null; amount: Prisma.Decimal; currency: string; is_return: boolean; is_cancellation: boolean }[]
      >`SELECT id, occurred_at, invoice, sku, description, quantity, unit_price, amount, currency, is_return, is_cancellation FROM transactions
         WHERE customer_id = ${id} ${after(0)}
         ORDER BY occurred_at DESC, id DESC LIMIT ${limit + 1}`,
    ]);
    const merged: (TimelineItem & { cursor: TimelineCursor })[] = [
      ...events.map((e) => ({ type: 'event' as const, id: e.id.toString(), at: e.occurred_at, name: e.name, properties: e.properties, cursor: { at: e.occurred_at, kind: 1 as const, id: e.id } })),
      ...transactions.map((t) => ({
        type: 'transaction' as const,
        id: t.id.toString(),
        at: t.occurred_at,
        invoice: t.invoice,
        sku: t.sku,
        description: t.description,
        quantity: t.quantity === null ? null : Number(t.quantity),
        unitPrice: t.unit_price === null ? null : Number(t.unit_price),
        amount: Number(t.amount),
        currency: t.currency,
        isReturn: t.is_return,
        isCancellation: t.is_cancellation,
        cursor: { at: t.occurred_at, kind: 0 as const, id: t.id },
      })),
    ].sort((a, b) => b.at.getTime() - a.at.getTime() || b.cursor.kind - a.cursor.kind || (b.cursor.id > a.cursor.id ? 1 : b.cursor.id < a.cursor.id ? -1 : 0));
    const page = merged.slice(0, limit);
    const hasMore = merged.length > limit;
    return {
      items: page.map(({ cursor: _cursor, ...item }) => item),
      nextBefore: hasMore ? encodeCursor(page[page.length - 1].cursor) : null,
    };
  }

  private filter(query: ListCustomersQuery): Prisma.CustomerWhereInput {
    const and: Prisma.CustomerWhereInput[] = [];
    if (query.q) {
      const contains = { contains: query.q, mode: 'insensitive' as const };
      and.push({ OR: [{ externalId: contains }, { email: contains }, { name: contains }] });
    }
    for (const field of ['country', 'city', 'plan', 'occupation'] as const) {
      if (query[field] !== undefined) and.push({ [field]: { equals: query[field], mode: 'insensitive' } });
    }
    if (query.emailConsent !== undefined) and.push({ emailConsent: query.emailConsent });
    for (const [key, raw] of Object.entries(query.attributes)) {
      // Attributes keep their JSON types: "true" matches true or "true", "42" matches 42 or "42".
      const typed = raw === 'true' ? true : raw === 'false' ? false : raw !== '' && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
      const options: Prisma.CustomerWhereInput[] = [{ attributes: { path: [key], equals: raw } }];
      if (typed !== raw) options.push({ attributes: { path: [key], equals: typed } });
      and.push({ OR: options });
    }
    return and.length ? { AND: and } : {};
  }
}
