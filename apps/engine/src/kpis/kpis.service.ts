import { Injectable } from '@nestjs/common';
import { mean, monthLabel, type KpiPoint } from '@retain/experiments';
import { PrismaService } from '../database/prisma.service';
import { flowNotFound } from '../flows/exceptions/flow-errors';
import { REPLAY_FLAGS_NOTE } from '../replay/replay-flags';
import { EngagementRepository } from './engagement.repository';
import type { KpisQuery } from './kpis.schemas';
import { PurchaseKpisRepository, type MonthRow } from './purchase-kpis.repository';
import { TimeToIdentifyRepository, type IdentifyRow } from './time-to-identify.repository';

export const RETENTION_WINDOW_MONTHS = 6;
export const INACTIVE_AFTER_MONTHS = 3;

/** The wording the API returns with the numbers (and the README quotes). */
export const KPI_DEFINITIONS = {
  customerRetention: `Of the customers with a purchase in the month, the share with another purchase in the next ${RETENTION_WINDOW_MONTHS} months. Months whose ${RETENTION_WINDOW_MONTHS} following months are not all in the data are left out.`,
  monthlyChurn: `A customer is active while their last purchase is less than ${INACTIVE_AFTER_MONTHS} calendar months old. Of the customers active at the start of the month (a purchase in the ${INACTIVE_AFTER_MONTHS} months before), the share who stop being active during it (no purchase in the last ${INACTIVE_AFTER_MONTHS} months at its end).`,
  emailEngagement: 'Of the emails sent in the month, the share later opened or clicked (an `opened` or `clicked` outcome of the same enrollment and node).',
  returningCustomerRevenue: 'Purchase revenue in the month from customers whose first purchase was in an earlier month (value and numerator); the denominator is the month’s whole purchase revenue.',
  timeToIdentify:
    'For each entry into an at-risk segment (churn score bands, and the weekly flags of a replay): days from the first risk signal (the last purchase day before the entry plus the median gap between the customer’s distinct purchase days) to the entry, 0 if flagged before the signal. The entry is dated in data time: the as-of of the facts it was decided from. Value: the median over the month’s entries with a signal (numerator); denominator: all entries. A month none of whose entries has a signal is left out, and the note names it.',
  purchase: 'A transaction with a positive amount that is neither a cancellation nor a return; months are UTC calendar months.',
} as const;

export interface Series {
  unit: 'share' | 'revenue' | 'days';
  points: KpiPoint[];
  /** Why the series is empty, or a caveat. */
  reason: string | null;
}

type KpiName = 'customerRetention' | 'monthlyChurn' | 'emailEngagement' | 'returningCustomerRevenue' | 'timeToIdentify';

/** The retention team's five KPIs as monthly series, and before/after a flow went live. */
@Injectable()
export class KpisService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly purchases: PurchaseKpisRepository,
    private readonly engagement: EngagementRepository,
    private readonly identify: TimeToIdentifyRepository,
  ) {}

  async trends(query: KpisQuery) {
    const flow = query.flowId === undefined ? null : await this.publication(query.flowId);
    const [{ retention, churn, returningRevenue: revenue }, email, identification] = await Promise.all([
      this.purchases.monthly(RETENTION_WINDOW_MONTHS, INACTIVE_AFTER_MONTHS),
      this.engagement.monthly(),
      this.identify.monthly(query.atRiskSegmentId === undefined ? null : [query.atRiskSegmentId]),
    ]);
    const noPurchases = 'No purchase has been recorded yet.';
    const series: Record<KpiName, Series> = {
      customerRetention: { unit: 'share', points: ratios(retention), reason: retention.length ? null : `No month has ${RETENTION_WINDOW_MONTHS} months of purchases after it yet.` },
      monthlyChurn: { unit: 'share', points: ratios(churn), reason: churn.length ? null : `Churn needs ${INACTIVE_AFTER_MONTHS} months of purchase history.` },
      emailEngagement: { unit: 'share', points: ratios(email.rows), reason: email.reason },
      returningCustomerRevenue: { unit: 'revenue', points: revenue.map((row) => ({ month: monthLabel(row.month), value: row.numerator, numerator: row.numerator, denominator: row.denominator })), reason: revenue.length ? null : noPurchases },
      timeToIdentify: await this.timeToIdentify(identification, query.atRiskSegmentId === undefined),
    };
    return {
      definitions: KPI_DEFINITIONS,
      series,
      comparison: flow ? { ...flow, kpis: Object.fromEntries(Object.entries(series).map(([name, s]) => [name, beforeAfter(s.points, flow.publishedMonth)])) } : null,
    };
  }

  private async publication(flowId: number) {
    const flow = await this.prisma.flow.findUnique({ where: { id: flowId }, select: { id: true, name: true } });
    if (!flow) throw flowNotFound(flowId);
    const first = await this.prisma.flowVersion.findFirst({ where: { flowId, publishedAt: { not: null } }, orderBy: { publishedAt: 'asc' }, select: { publishedAt: true } });
    if (!first?.publishedAt) return { flowId, flowName: flow.name, publishedAt: null, publishedMonth: null, dataTime: false, note: 'The flow has never been published: there is no before and after.' };
    const split = 'Before: months before the month of publication; after: from that month on.';
    // a replay ran the flow over past data from its cutoff: in data time, that is when it went live
    const replayedFrom = await this.replayCutoff(flowId);
    if (replayedFrom) {
      const day = replayedFrom.toISOString().slice(0, 10);
      return {
        flowId,
        flowName: flow.name,
        publishedAt: replayedFrom,
        publishedMonth: replayedFrom.toISOString().slice(0, 7),
        dataTime: true,
        note: `A replay of past data: it counts as published on its cutoff, ${day}, in data time (it was really published on ${first.publishedAt.toISOString().slice(0, 10)}). ${split}`,
      };
    }
    return { flowId, flowName: flow.name, publishedAt: first.publishedAt, publishedMonth: first.publishedAt.toISOString().slice(0, 7), dataTime: false, note: split };
  }

  /**
   * A month whose entries all lack a risk signal (customers without two purchase days before the
   * entry, such as subscription data with no transactions) has nothing to measure: it is left out of
   * the trend and said in the note, instead of showing as an empty month after the real ones.
   */
  private async timeToIdentify(rows: IdentifyRow[], defaultSegments: boolean): Promise<Series> {
    if (rows.length === 0) return { unit: 'days', points: [], reason: 'No customer has entered an at-risk segment yet.' };
    const measured = rows.filter((row) => row.withSignal > 0);
    const unmeasured = rows.filter((row) => row.withSignal === 0);
    const notes: string[] = [];
    if (defaultSegments && (await this.replayFlags())) notes.push(REPLAY_FLAGS_NOTE);
    if (unmeasured.length) notes.push(unmeasuredNote(unmeasured));
    return {
      unit: 'days',
      points: measured.map((row) => ({ month: monthLabel(row.month), value: row.medianDays, numerator: row.withSignal, denominator: row.entries })),
      reason: notes.length ? notes.join(' ') : null,
    };
  }

  private async replayFlags(): Promise<boolean> {
    const { rows } = await this.prisma.pool.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM replays WHERE flag_segment_id IS NOT NULL) AS any');
    return rows[0].any;
  }

  private async replayCutoff(flowId: number): Promise<Date | null> {
    const { rows } = await this.prisma.pool.query<{ from: Date }>('SELECT from_date AS "from" FROM replays WHERE flow_id = $1', [flowId]);
    return rows[0]?.from ?? null;
  }
}

function unmeasuredNote(rows: IdentifyRow[]): string {
  const entries = rows.reduce((sum, row) => sum + row.entries, 0);
  const months = rows.map((row) => monthLabel(row.month)).join(', ');
  return `Left out: ${months} (${entries.toLocaleString('en-US')} ${entries === 1 ? 'entry' : 'entries'}), where no customer who entered had two purchase days before the entry, so there is no risk signal to measure from.`;
}

const ratios = (rows: MonthRow[]): KpiPoint[] => rows.map((row) => ({ month: monthLabel(row.month), value: row.denominator > 0 ? row.numerator / row.denominator : null, numerator: row.numerator, denominator: row.denominator }));

export interface PeriodSummary {
  months: number;
  /** Mean of the monthly values that exist. */
  mean: number | null;
  numerator: number;
  denominator: number;
}

function summarize(points: KpiPoint[]): PeriodSummary {
  const values = points.map((point) => point.value).filter((value): value is number => value !== null);
  return { months: points.length, mean: mean(values), numerator: points.reduce((s, p) => s + p.numerator, 0), denominator: points.reduce((s, p) => s + p.denominator, 0) };
}

/** Months are "YYYY-MM", so they compare as text. */
export function beforeAfter(points: KpiPoint[], publishedMonth: string | null): { before: PeriodSummary; after: PeriodSummary } | null {
  if (!publishedMonth) return null;
  return { before: summarize(points.filter((p) => p.month < publishedMonth)), after: summarize(points.filter((p) => p.month >= publishedMonth)) };
}
