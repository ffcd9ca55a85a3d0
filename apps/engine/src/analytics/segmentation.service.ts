import { Injectable } from '@nestjs/common';
import { fmScore, RFM_SEGMENT_MAP, rfmSegmentOf } from '@retain/segmentation';
import { notFound } from '../common/errors/domain-error';
import { PrismaService } from '../database/prisma.service';

export interface RfmGridCell {
  r: number;
  fm: number;
  segment: string;
  customers: number;
}

/** Read models of the stored facts: the RFM grid and the latest clustering. */
@Injectable()
export class SegmentationService {
  constructor(private readonly prisma: PrismaService) {}

  /** The 5 × 5 grid of R against FM = round((F + M) / 2), counted from customer_facts as they are now. */
  async rfmGrid() {
    const { rows } = await this.prisma.pool.query<{ r: number; f: number; m: number; customers: string }>(
      `SELECT recency_score AS r, frequency_score AS f, monetary_score AS m, count(*) AS customers
         FROM customer_facts WHERE recency_score IS NOT NULL GROUP BY 1, 2, 3`,
    );
    const counts = new Map<string, number>();
    let scored = 0;
    for (const row of rows) {
      const key = `${row.r},${fmScore(row.f, row.m)}`;
      counts.set(key, (counts.get(key) ?? 0) + Number(row.customers));
      scored += Number(row.customers);
    }
    const cells: RfmGridCell[] = [];
    for (let r = 5; r >= 1; r--) for (let fm = 1; fm <= 5; fm++) cells.push({ r, fm, segment: rfmSegmentOf(r, fm), customers: counts.get(`${r},${fm}`) ?? 0 });
    const segments = RFM_SEGMENT_MAP.map(({ segment, cells: segmentCells, description }) => ({
      segment,
      description,
      cells: segmentCells.map(([r, fm]) => ({ r, fm })),
      customers: segmentCells.reduce((sum, [r, fm]) => sum + (counts.get(`${r},${fm}`) ?? 0), 0),
    }));
    const latest = await this.prisma.clusteringRun.findFirst({ orderBy: { id: 'desc' }, select: { asOf: true } });
    return { asOf: latest?.asOf ?? null, scoredCustomers: scored, axes: { rows: 'R (5 = most recent)', columns: 'FM = round((F + M) / 2)' }, cells, segments };
  }

  async latestClustering() {
    const run = await this.prisma.clusteringRun.findFirst({ orderBy: { id: 'desc' } });
    if (!run) throw notFound('Clustering run', 'latest');
    return {
      id: run.id,
      asOf: run.asOf,
      createdAt: run.createdAt,
      customers: run.customerCount,
      featureNames: run.featureNames,
      k: run.k,
      silhouetteByK: run.silhouetteByK,
      profiles: run.profiles,
      outliers: run.outliers,
      timings: run.timings,
    };
  }
}
