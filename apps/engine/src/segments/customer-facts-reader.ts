import { Injectable } from '@nestjs/common';
import type { Facts } from '@retain/rules';
import { PrismaService } from '../database/prisma.service';
import { buildCustomerFacts, type CustomerFactsRow, type CustomerScoreFact } from './customer-facts';
import type { ActiveModel, FactNeeds } from './segment-matcher';

export const FACTS_PAGE_SIZE = 10_000;

export interface CustomerFactsPage {
  customerIds: number[];
  facts: Facts[];
}

export interface ReadFactsOptions {
  needs: FactNeeds;
  activeModels: ReadonlyMap<string, ActiveModel>;
  /** Only these customers (a per-customer refresh); otherwise every customer, by id. */
  customerIds?: readonly number[];
  pageSize?: number;
}

const CUSTOMER_COLUMNS = `, c.external_id AS "externalId", c.email, c.name, c.age, c.country, c.city, c.occupation, c.plan,
  c.time_zone AS "timeZone", c.signup_at AS "signupAt", c.email_consent AS "emailConsent", c.created_at AS "createdAt", c.attributes`;
const FACT_COLUMNS = `, f.features, f.recency_score AS "recencyScore", f.frequency_score AS "frequencyScore", f.monetary_score AS "monetaryScore",
  f.rfm_segment AS "rfmSegment", f.cluster, f.cluster_label AS "clusterLabel"`;

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
    const select = `SELECT c.id${options.needs.customer ? CUSTOMER_COLUMNS : ''}${options.needs.facts ? FACT_COLUMNS : ''}
      FROM customers c${options.needs.facts ? ' LEFT JOIN customer_facts f ON f.customer_id = c.id' : ''}`;
    if (options.customerIds) {
      const ids = [...new Set(options.customerIds)].sort((a, b) => a - b);
      for (let start = 0; start < ids.length; start += pageSize) {
        const chunk = ids.slice(start, start + pageSize);
        const { rows } = await this.prisma.pool.query<CustomerFactsRow>(`${select} WHERE c.id = ANY($1::int[]) ORDER BY c.id`, [chunk]);
        if (rows.length) yield await this.page(rows, options, 'list');
      }
      return;
    }
    let after = 0;
    for (;;) {
      const { rows } = await this.prisma.pool.query<CustomerFactsRow>(`${select} WHERE c.id > $1 ORDER BY c.id LIMIT $2`, [after, pageSize]);
      if (!rows.length) return;
      yield await this.page(rows, options, 'range');
      after = rows[rows.length - 1].id;
      if (rows.length < pageSize) return;
    }
  }

  private async page(rows: CustomerFactsRow[], options: ReadFactsOptions, by: 'range' | 'list'): Promise<CustomerFactsPage> {
    const ids = rows.map((row) => row.id);
    // a contiguous id range lets PostgreSQL scan the primary keys instead of probing each id
    const filter = by === 'range' ? 'customer_id BETWEEN $1 AND $2' : 'customer_id = ANY($1::int[])';
    const bounds = by === 'range' ? [ids[0], ids[ids.length - 1]] : [ids];
    const scores = new Map<number, Map<string, CustomerScoreFact>>();
    if (options.needs.scores && options.activeModels.size) {
      const kindById = new Map([...options.activeModels].map(([kind, model]) => [model.id, kind]));
      const { rows: scoreRows } = await this.prisma.pool.query<{ customerId: number; modelVersionId: number; score: number }>(
        `SELECT customer_id AS "customerId", model_version_id AS "modelVersionId", score FROM customer_scores WHERE ${filter} AND model_version_id = ANY($${bounds.length + 1}::int[])`,
        [...bounds, [...kindById.keys()]],
      );
      for (const row of scoreRows) {
        let byKind = scores.get(row.customerId);
        if (!byKind) scores.set(row.customerId, (byKind = new Map()));
        byKind.set(kindById.get(row.modelVersionId)!, { score: row.score, modelVersionId: row.modelVersionId });
      }
    }
    const segments = new Map<number, string[]>();
    if (options.needs.segments) {
      const { rows: memberRows } = await this.prisma.pool.query<{ customerId: number; segmentIds: string[] }>(
        `SELECT customer_id AS "customerId", array_agg(segment_id::text) AS "segmentIds" FROM segment_memberships WHERE ${filter} GROUP BY customer_id`,
        bounds,
      );
      for (const row of memberRows) segments.set(row.customerId, row.segmentIds);
    }
    const noSegments: string[] = [];
    return {
      customerIds: ids,
      facts: rows.map((row) => buildCustomerFacts(row, scores.get(row.id), options.needs.segments ? segments.get(row.id) ?? noSegments : undefined)),
    };
  }
}
