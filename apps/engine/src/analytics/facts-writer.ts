import { Injectable } from '@nestjs/common';
import { CUSTOMER_FEATURE_NAMES, RFM_SEGMENTS, type CustomerFeatures } from '@retain/segmentation';
import { PrismaService } from '../database/prisma.service';
import { intArrayLiteral, numberArrayLiteral } from './binary-records';

/** What to write for each selected customer (indexes into the feature columns). */
export interface FactsBatch {
  customerIds: Int32Array;
  /** Dense customer index of each row to write. */
  rows: Int32Array;
  asOf: Date;
  features: CustomerFeatures;
  /** 0 = not scored. */
  r: Uint8Array;
  f: Uint8Array;
  m: Uint8Array;
  /** Index into RFM_SEGMENTS, 255 = none. */
  segment: Uint8Array;
  /** Without a clustering the cluster columns are left as they are. */
  clustering?: { runId: number; clusterOfCustomer: Int32Array; labels: readonly string[] };
}

/** Rows per INSERT ... SELECT FROM unnest(...): ~1 MB of parameters. */
const ROWS_PER_STATEMENT = 20_000;
/** Statements in flight at once, each on its own connection: PostgreSQL parses one while the next is built. */
const PARALLEL_WRITERS = 2;

const featureColumns = CUSTOMER_FEATURE_NAMES.map((name, j) => `'${name}', u.f${j}`).join(', ');
const featureAliases = CUSTOMER_FEATURE_NAMES.map((_, j) => `f${j}`).join(', ');
const featureParams = CUSTOMER_FEATURE_NAMES.map((_, j) => `$${j + 9}::float8[]`).join(', ');

/**
 * Bulk upsert of customer_facts rows. customer_facts has no foreign key (a per-row check cost more
 * than the insert, see migration 20261201040000): the join with customers skips a customer deleted
 * since the load, and deleting customers deletes their facts (trigger).
 */
@Injectable()
export class FactsWriter {
  constructor(private readonly prisma: PrismaService) {}

  async write(batch: FactsBatch): Promise<number> {
    const total = batch.rows.length;
    const withCluster = batch.clustering !== undefined;
    const sql = `
      INSERT INTO customer_facts (customer_id, as_of, features, recency_score, frequency_score, monetary_score, rfm_segment, clustering_run_id, cluster, cluster_label, updated_at)
      SELECT u.id, $1::timestamptz, jsonb_build_object(${featureColumns}), u.r, u.f, u.m, u.segment, $2::int, u.cluster, u.label, now()
        FROM unnest($3::int[], $4::smallint[], $5::smallint[], $6::smallint[], $7::text[], $8::int[], ${featureParams}, $${CUSTOMER_FEATURE_NAMES.length + 9}::text[])
          AS u(id, r, f, m, segment, cluster, ${featureAliases}, label)
        JOIN customers c ON c.id = u.id
      ON CONFLICT (customer_id) DO UPDATE SET
        as_of = EXCLUDED.as_of, features = EXCLUDED.features, recency_score = EXCLUDED.recency_score, frequency_score = EXCLUDED.frequency_score,
        monetary_score = EXCLUDED.monetary_score, rfm_segment = EXCLUDED.rfm_segment, updated_at = EXCLUDED.updated_at
        ${withCluster ? ', clustering_run_id = EXCLUDED.clustering_run_id, cluster = EXCLUDED.cluster, cluster_label = EXCLUDED.cluster_label' : ''}`;
    let next = 0;
    const worker = async () => {
      while (next < total) {
        const from = next;
        const to = Math.min(total, from + ROWS_PER_STATEMENT);
        next = to;
        await this.prisma.pool.query(sql, this.parameters(batch, from, to));
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_WRITERS }, worker));
    return total;
  }

  private parameters(batch: FactsBatch, from: number, to: number): unknown[] {
    const rows = batch.rows.subarray(from, to);
    const pick = (column: ArrayLike<number>) => Float64Array.from(rows, (c) => column[c]);
    const ids = Int32Array.from(rows, (c) => batch.customerIds[c]);
    const segments = Array.from(rows, (c) => (batch.segment[c] === 255 ? null : RFM_SEGMENTS[batch.segment[c]]));
    const clustering = batch.clustering;
    const clusters = clustering ? Int32Array.from(rows, (c) => clustering.clusterOfCustomer[c]) : new Int32Array(rows.length).fill(-1);
    const labels = Array.from(clusters, (k) => (clustering && k >= 0 ? clustering.labels[k] : null));
    return [
      batch.asOf,
      clustering?.runId ?? null,
      intArrayLiteral(ids),
      intArrayLiteral(pick(batch.r), 0, rows.length, (v) => v === 0),
      intArrayLiteral(pick(batch.f), 0, rows.length, (v) => v === 0),
      intArrayLiteral(pick(batch.m), 0, rows.length, (v) => v === 0),
      segments,
      intArrayLiteral(clusters, 0, rows.length, (v) => v < 0),
      ...CUSTOMER_FEATURE_NAMES.map((name) => numberArrayLiteral(pick(batch.features.columns[name]), 0, rows.length, 4)),
      labels,
    ];
  }
}
