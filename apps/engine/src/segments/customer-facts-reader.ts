import { Injectable } from '@nestjs/common';
import type { Facts } from '@retain/rules';
import type { PoolClient } from 'pg';
import { PrismaService } from '../database/prisma.service';
import type { FactsQuery } from './changed-members-query';
import { type FactProjection, projectFacts, rowToFacts } from './fact-projection';
import type { ActiveModel } from './segment-matcher';

export const FACTS_PAGE_SIZE = 10_000;

export interface CustomerFactsPage {
  customerIds: number[];
  facts: Facts[];
}

export interface QueriedFactsPage extends CustomerFactsPage {
  /** As-of of each customer's facts (null without a customer_facts row). */
  asOf: Array<Date | null>;
}

export interface ReadFactsOptions {
  /** Catalogue fact names to load; nothing else is read. */
  facts: readonly string[];
  activeModels: ReadonlyMap<string, ActiveModel>;
  /** Only these customers (a per-customer refresh); otherwise every customer, by id. */
  customerIds?: readonly number[];
  pageSize?: number;
}

/**
 * Reads customers with their facts, scores of the active models and current segments in pages:
 * three bulk queries per page (customers ⟕ customer_facts, scores, memberships), never one per
 * customer, and only the parts the segments being evaluated need.
 */
@Injectable()
export class CustomerFactsReader {
  constructor(private readonly prisma: PrismaService) {}

  async *pages(options: ReadFactsOptions): AsyncGenerator<CustomerFactsPage> {
    const pageSize = options.pageSize ?? FACTS_PAGE_SIZE;
    const select = (firstParam: number) => {
      const projection = projectFacts(options.facts, firstParam);
      const sql = `SELECT c.id${projection.selectList} FROM customers c${projection.joinsFacts ? ' LEFT JOIN customer_facts f ON f.customer_id = c.id' : ''}`;
      return { projection, sql };
    };
    if (options.customerIds) {
      const { projection, sql } = select(2);
      const ids = [...new Set(options.customerIds)].sort((a, b) => a - b);
      for (let start = 0; start < ids.length; start += pageSize) {
        const chunk = ids.slice(start, start + pageSize);
        const { rows } = await this.prisma.pool.query<Row>(`${sql} WHERE c.id = ANY($1::int[]) ORDER BY c.id`, [chunk, ...projection.params]);
        if (rows.length) yield await this.page(rows, projection, options, 'list');
      }
      return;
    }
    const { projection, sql } = select(3);
    let after = 0;
    for (;;) {
      const { rows } = await this.prisma.pool.query<Row>(`${sql} WHERE c.id > $1 ORDER BY c.id LIMIT $2`, [after, pageSize, ...projection.params]);
      if (!rows.length) return;
      yield await this.page(rows, projection, options, 'range');
      after = rows[rows.length - 1].id;
      if (rows.length < pageSize) return;
    }
  }

  /**
   * The rows of a query that selects the facts itself (see changedMembersQuery), through a cursor in
   * one read-only transaction, page by page; memberships (`segments`) are read per page.
   */
  async *queryPages(query: FactsQuery, pageSize = FACTS_PAGE_SIZE): AsyncGenerator<QueriedFactsPage> {
    const client = await this.prisma.pool.connect();
    let open = false;
    try {
      await client.query('BEGIN READ ONLY');
      open = true;
      // every row is read: plan for all of them, not for the first tenth (the cursor default)
      await client.query('SET LOCAL cursor_tuple_fraction = 1');
      await client.query({ text: `DECLARE changed_members NO SCROLL CURSOR FOR ${query.sql}`, values: query.params });
      for (;;) {
        const { rows } = await client.query<Row & { asOfMs: number | null }>(`FETCH FORWARD ${pageSize} FROM changed_members`);
        if (!rows.length) break;
        const ids = rows.map((row) => row.id);
        // on the cursor's connection: the same snapshot, and no second connection held meanwhile
        const segments = query.projection.segments ? await this.segmentsOf('customer_id = ANY($1::int[])', [ids], client) : undefined;
        yield {
          customerIds: ids,
          // as Unix ms: a number parses several times faster than a timestamp's text
          asOf: rows.map((row) => (row.asOfMs === null ? null : new Date(row.asOfMs))),
          facts: rows.map((row) => rowToFacts(row, query.projection.columns, scoresFromRow(row, query.scoreKinds), segments ? segments.get(row.id) ?? NO_SEGMENTS : undefined)),
        };
        if (rows.length < pageSize) break;
      }
    } finally {
      // read-only: ending it either way is the same (also when the consumer stopped early or failed)
      if (open) await client.query('ROLLBACK').catch(() => undefined);
      client.release();
    }
  }

  private async segmentsOf(filter: string, bounds: unknown[], client?: PoolClient): Promise<Map<number, string[]>> {
    const segments = new Map<number, string[]>();
    const { rows } = await (client ?? this.prisma.pool).query<{ customerId: number; segmentIds: string[] }>(
      `SELECT customer_id AS "customerId", array_agg(segment_id::text) AS "segmentIds" FROM segment_memberships WHERE ${filter} GROUP BY customer_id`,
      bounds,
    );
    for (const row of rows) segments.set(row.customerId, row.segmentIds);
    return segments;
  }

  private async page(rows: Row[], projection: FactProjection, options: ReadFactsOptions, by: 'range' | 'list'): Promise<CustomerFactsPage> {
    const ids = rows.map((row) => row.id);
    // a contiguous id range lets PostgreSQL scan the primary keys instead of probing each id
    const filter = by === 'range' ? 'customer_id BETWEEN $1 AND $2' : 'customer_id = ANY($1::int[])';
    const bounds = by === 'range' ? [ids[0], ids[ids.length - 1]] : [ids];
    const scores = new Map<number, Map<string, { score: number; modelVersionId: number }>>();
    const models = projection.scores.map((kind) => [kind, options.activeModels.get(kind)] as const).filter(([, model]) => model);
    if (models.length) {
      const kindById = new Map(models.flatMap(([kind, model]) => model!.ids.map((id) => [id, kind] as const)));
      const preference = new Map(models.flatMap(([, model]) => model!.ids.map((id, rank) => [id, rank] as const)));
      const { rows: scoreRows } = await this.prisma.pool.query<{ customerId: number; modelVersionId: number; score: number }>(
        `SELECT customer_id AS "customerId", model_version_id AS "modelVersionId", score FROM customer_scores WHERE ${filter} AND model_version_id = ANY($${bounds.length + 1}::int[])`,
        [...bounds, [...kindById.keys()]],
      );
      for (const row of scoreRows) {
        let byKind = scores.get(row.customerId);
        if (!byKind) scores.set(row.customerId, (byKind = new Map()));
        const kind = kindById.get(row.modelVersionId)!;
        const held = byKind.get(kind);
        if (!held || preference.get(row.modelVersionId)! < preference.get(held.modelVersionId)!) byKind.set(kind, { score: row.score, modelVersionId: row.modelVersionId });
      }
    }
    const segments = projection.segments ? await this.segmentsOf(filter, bounds) : undefined;
    return {
      customerIds: ids,
      facts: rows.map((row) => rowToFacts(row, projection.columns, scores.get(row.id), segments ? segments.get(row.id) ?? NO_SEGMENTS : undefined)),
    };
  }
}

type Row = { id: number } & Record<string, unknown>;

const NO_SEGMENTS: readonly string[] = Object.freeze([]);

/** Scores selected as `s{i}` / `v{i}` columns (see changedMembersQuery); a customer without a score has none. */
function scoresFromRow(row: Row, kinds: readonly string[]): Map<string, { score: number; modelVersionId: number }> | undefined {
  if (!kinds.length) return undefined;
  const scores = new Map<string, { score: number; modelVersionId: number }>();
  kinds.forEach((kind, i) => {
    const score = row[`s${i}`];
    if (typeof score === 'number') scores.set(kind, { score, modelVersionId: row[`v${i}`] as number });
  });
  return scores;
}
