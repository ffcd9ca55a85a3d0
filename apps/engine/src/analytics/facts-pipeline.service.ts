import { Injectable, Logger } from '@nestjs/common';
import { computeCustomerFeatures, scoreRfm, type ClusterFeature, type CustomerFeatures, RFM_SEGMENTS } from '@retain/segmentation';
import { PrismaService } from '../database/prisma.service';
import { DomainEventBus } from '../events/domain-event-bus';
import { clusterPopulation, findOutliers } from './cluster-population';
import { CustomerData, CustomerDataLoader } from './customer-data-loader';
import { eventNameIdsByKind } from './event-kinds';
import { defaultFactsAsOf } from './facts-as-of';
import { FactsWriter } from './facts-writer';
import { rfmBoundaries, rfmCellAgainst, RfmBoundaries } from './rfm-boundaries';

/** The features k-means sees: value, loyalty and basket shape. */
export const CLUSTER_FEATURES = ['recencyDays', 'frequency', 'monetary', 'averageOrderValue', 'categoryBreadth', 'returnRate'] as const;

export interface FactsRefreshOptions {
  /** Compute as of this instant; default: see defaultFactsAsOf. */
  asOf?: Date;
  seed?: number;
  onStage?: (stage: string, milliseconds: number) => void;
}

export interface FactsRefreshResult {
  clusteringRunId: number | null;
  asOf: Date;
  customers: number;
  scored: number;
  k: number | null;
  timings: Record<string, number>;
}

/** Features as of a cutoff from loaded data (shared by the facts refresh and the churn dataset). */
export function featuresFrom(data: CustomerData, asOf: number): CustomerFeatures {
  return computeCustomerFeatures(data.transactions, {
    cutoff: asOf,
    customerCount: data.customers.count,
    signupTime: data.signupTime,
    events: data.events,
    eventNames: eventNameIdsByKind(),
  });
}

/**
 * The facts pipeline: load every customer's transactions and events, compute features as of one
 * instant, RFM scores and segments, k-means clusters and DBSCAN outliers, then write customer_facts
 * and a clustering_runs row and publish `customer.facts-updated`.
 */
@Injectable()
export class FactsPipeline {
  private readonly logger = new Logger('Facts');

  constructor(
    private readonly prisma: PrismaService,
    private readonly loader: CustomerDataLoader,
    private readonly writer: FactsWriter,
    private readonly events: DomainEventBus,
  ) {}

  async refreshAll(options: FactsRefreshOptions = {}): Promise<FactsRefreshResult> {
    const timings: Record<string, number> = {};
    let started = performance.now();
    const stage = (name: string) => {
      const now = performance.now();
      timings[name] = Math.round(now - started);
      options.onStage?.(name, timings[name]);
      started = now;
    };
    const seed = options.seed ?? 7;
    const data = await this.loader.load();
    stage('load');
    const asOf = options.asOf?.getTime() ?? defaultFactsAsOf(data.newestTransactionTime);
    const features = featuresFrom(data, asOf);
    stage('features');
    const { columns, hasPurchase } = features;
    const rfm = scoreRfm({ recencyDays: columns.recencyDays, frequency: columns.frequency, monetary: columns.monetary, include: hasPurchase });
    const boundaries = rfmBoundaries(columns, rfm);
    stage('rfm');

    const clusterFeatures: ClusterFeature[] = CLUSTER_FEATURES.map((name) => ({ name, values: columns[name] }));
    const clustered = rfm.scoredCount >= 20 ? clusterPopulation(clusterFeatures, hasPurchase, { seed }) : null;
    stage('clusters');
    const outliers = clustered ? findOutliers(clusterFeatures, hasPurchase, data.customers.ids, { seed }) : null;
    stage('dbscan');

    const rows: number[] = [];
    for (let c = 0; c < data.customers.count; c++) if (data.hasData[c]) rows.push(c);
    const run = await this.prisma.clusteringRun.create({
      data: {
        asOf: new Date(asOf),
        featureNames: [...CLUSTER_FEATURES],
        k: clustered?.clustering.k ?? 0,
        silhouetteByK: (clustered?.clustering.scores ?? []) as never,
        profiles: (clustered ? clustered.clustering.profiles.map((p) => ({ ...p })) : []) as never,
        outliers: (outliers ?? {}) as never,
        rfmBoundaries: boundaries as never,
        customerCount: rows.length,
        timings: { ...timings, fittedOn: clustered?.fittedOn ?? 0, sampled: clustered?.sampled ?? false } as never,
      },
    });
    await this.writer.write({
      customerIds: data.customers.ids,
      rows: Int32Array.from(rows),
      asOf: new Date(asOf),
      features,
      r: rfm.r,
      f: rfm.f,
      m: rfm.m,
      segment: rfm.segment,
      clustering: { runId: run.id, clusterOfCustomer: clustered?.clustering.clusterOfCustomer ?? new Int32Array(data.customers.count).fill(-1), labels: clustered?.clustering.profiles.map((p) => p.label) ?? [] },
    });
    stage('write');
    await this.prisma.clusteringRun.update({ where: { id: run.id }, data: { timings: { ...timings, fittedOn: clustered?.fittedOn ?? 0, sampled: clustered?.sampled ?? false } as never } });
    this.logger.log(`Facts of ${rows.length} customers as of ${new Date(asOf).toISOString()}: ${rfm.scoredCount} RFM-scored, k = ${clustered?.clustering.k ?? '-'} (${JSON.stringify(timings)} ms)`);
    await this.events.publish('customer.facts-updated', { customerIds: 'all', asOf: new Date(asOf) });
    return { clusteringRunId: run.id, asOf: new Date(asOf), customers: rows.length, scored: rfm.scoredCount, k: clustered?.clustering.k ?? null, timings };
  }

  /**
   * The cheap path for a few customers whose data changed: their features, and their RFM cell
   * against the latest full refresh's quintile boundaries (no re-ranking of everyone). Clusters are
   * left to the next full refresh. As of: the latest refresh's instant, or later when these
   * customers have newer data (never later than now).
   */
  async refreshCustomers(customerIds: readonly number[]): Promise<number[]> {
    if (customerIds.length === 0) return [];
    const latest = await this.prisma.clusteringRun.findFirst({ orderBy: { id: 'desc' } });
    if (!latest) return []; // no full refresh yet: it will cover them
    const data = await this.loader.load(customerIds);
    const asOf = Math.max(latest.asOf.getTime(), defaultFactsAsOf(data.newestTransactionTime));
    const features = featuresFrom(data, asOf);
    const boundaries = latest.rfmBoundaries as unknown as RfmBoundaries;
    const n = data.customers.count;
    const r = new Uint8Array(n);
    const f = new Uint8Array(n);
    const m = new Uint8Array(n);
    const segment = new Uint8Array(n).fill(255);
    const rows: number[] = [];
    for (let c = 0; c < n; c++) {
      if (!data.hasData[c]) continue;
      rows.push(c);
      if (!features.hasPurchase[c] || !boundaries.recencyDays) continue;
      const cell = rfmCellAgainst(boundaries, { recencyDays: features.columns.recencyDays[c], frequency: features.columns.frequency[c], monetary: features.columns.monetary[c] });
      if (!cell) continue;
      r[c] = cell.r;
      f[c] = cell.f;
      m[c] = cell.m;
      segment[c] = RFM_SEGMENTS.indexOf(cell.segment);
    }
    await this.writer.write({ customerIds: data.customers.ids, rows: Int32Array.from(rows), asOf: new Date(asOf), features, r, f, m, segment });
    const updated = rows.map((c) => data.customers.ids[c]);
    if (updated.length) await this.events.publish('customer.facts-updated', { customerIds: updated, asOf: new Date(asOf) });
    return updated;
  }
}
