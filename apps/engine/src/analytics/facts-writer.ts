import { Injectable } from '@nestjs/common';
import { CUSTOMER_FEATURE_NAMES, RFM_SEGMENTS, type CustomerFeatures } from '@retain/segmentation';
import { PrismaService } from '../database/prisma.service';
import { inLanes } from '../common/async/in-lanes';
import { inPoolTransaction } from '../ingest/pg-transaction';
import { type CopyColumn, idRange, stageRows, type StagingTable } from './copy-binary';
import { FEATURE_COLUMN } from './feature-columns';

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

/** Connections writing at once, each a share of the rows: PostgreSQL builds the rows on two cores. */
const PARALLEL_WRITERS = 2;

const FEATURE_COLUMNS = CUSTOMER_FEATURE_NAMES.map((_, j) => `f${j}`);
/** The staging table of one connection (kept for the session, emptied at commit). */
const STAGING: StagingTable = { name: 'facts_in', columns: `id int, r smallint, f smallint, m smallint, segment text, cluster int, label text, ${FEATURE_COLUMNS.map((c) => `${c} float8`).join(', ')}` };
const featureTargets = CUSTOMER_FEATURE_NAMES.map((name) => FEATURE_COLUMN[name]).join(', ');
const featureSources = FEATURE_COLUMNS.map((c) => `u.${c}`).join(', ');
const featureUpdates = CUSTOMER_FEATURE_NAMES.map((name) => `${FEATURE_COLUMN[name]} = EXCLUDED.${FEATURE_COLUMN[name]}`).join(', ');

/**
 * Bulk upsert of customer_facts rows: each writer copies its share of the rows into a staging table
 * (binary COPY, no array literals to build or parse) and upserts from there in one statement.
 * customer_facts has no foreign key (a per-row check cost more than the insert, see migration
 * 20261201040000): the join with customers skips a customer deleted since the load, and deleting
 * customers deletes their facts (trigger).
 */
@Injectable()
export class FactsWriter {
  constructor(private readonly prisma: PrismaService) {}

  async write(batch: FactsBatch): Promise<number> {
    const total = batch.rows.length;
    if (total === 0) return 0;
    const withCluster = batch.clustering !== undefined;
    const upsert = `
      INSERT INTO customer_facts (customer_id, as_of, ${featureTargets}, recency_score, frequency_score, monetary_score, rfm_segment, clustering_run_id, cluster, cluster_label, updated_at)
      SELECT u.id, $1::timestamptz, ${featureSources}, u.r, u.f, u.m, u.segment, $2::int, u.cluster, u.label, now()
        FROM facts_in u JOIN customers c ON c.id = u.id AND c.id BETWEEN $3::int AND $4::int
      ON CONFLICT (customer_id) DO UPDATE SET
        as_of = EXCLUDED.as_of, ${featureUpdates}, recency_score = EXCLUDED.recency_score, frequency_score = EXCLUDED.frequency_score,
        monetary_score = EXCLUDED.monetary_score, rfm_segment = EXCLUDED.rfm_segment, updated_at = EXCLUDED.updated_at
        ${withCluster ? ', clustering_run_id = EXCLUDED.clustering_run_id, cluster = EXCLUDED.cluster, cluster_label = EXCLUDED.cluster_label' : ''}`;
    const { ids, columns } = stagedColumns(batch);
    const writers = Math.min(PARALLEL_WRITERS, Math.ceil(total / 10_000));
    await inLanes(writers, writers, (w) =>
      inPoolTransaction(this.prisma.pool, async (client) => {
        const from = Math.floor((total * w) / writers);
        const to = Math.floor((total * (w + 1)) / writers);
        await stageRows(client, STAGING, columns, from, to);
        // this writer's id range: the join reads only those customers
        const [low, high] = idRange(ids.subarray(from, to));
        await client.query(upsert, [batch.asOf, batch.clustering?.runId ?? null, low, high]);
      }),
    );
    return total;
  }
}

/** The staged columns of the selected rows, in the staging table's order (`ids`: the first, customer ids); features keep 4 decimals, as stored so far. */
function stagedColumns(batch: FactsBatch): { ids: Int32Array; columns: CopyColumn[] } {
  const rows = batch.rows;
  const n = rows.length;
  // plain loops: TypedArray.from with a mapping function is several times slower at 1M rows
  const ids = new Int32Array(n);
  const r = new Int16Array(n);
  const f = new Int16Array(n);
  const m = new Int16Array(n);
  const clusters = new Int32Array(n).fill(-1);
  const segments: Array<string | null> = new Array(n);
  const labels: Array<string | null> = new Array(n).fill(null);
  const clustering = batch.clustering;
  for (let i = 0; i < n; i++) {
    const c = rows[i];
    ids[i] = batch.customerIds[c];
    r[i] = batch.r[c];
    f[i] = batch.f[c];
    m[i] = batch.m[c];
    segments[i] = batch.segment[c] === 255 ? null : RFM_SEGMENTS[batch.segment[c]];
    if (clustering) {
      const k = clustering.clusterOfCustomer[c];
      clusters[i] = k;
      if (k >= 0) labels[i] = clustering.labels[k];
    }
  }
  const features = CUSTOMER_FEATURE_NAMES.map((name): CopyColumn => {
    const column = batch.features.columns[name];
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = column[rows[i]];
      values[i] = Number.isFinite(v) ? Math.round(v * 1e4) / 1e4 : v;
    }
    return { type: 'float8', values };
  });
  const noScore = (v: number) => v === 0;
  const columns: CopyColumn[] = [
    { type: 'int4', values: ids },
    { type: 'int2', values: r, isNull: noScore },
    { type: 'int2', values: f, isNull: noScore },
    { type: 'int2', values: m, isNull: noScore },
    { type: 'text', values: segments },
    { type: 'int4', values: clusters, isNull: (k) => k < 0 },
    { type: 'text', values: labels },
    ...features,
  ];
  return { ids, columns };
}
