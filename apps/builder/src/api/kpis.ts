// The KPIs API: the retention team's five monthly trends (and before/after a flow's publication)
// and segment health per week.
import { api } from './client';

export type KpiName = 'customerRetention' | 'monthlyChurn' | 'emailEngagement' | 'returningCustomerRevenue' | 'timeToIdentify';

export interface KpiPoint {
  /** "YYYY-MM" */
  month: string;
  value: number | null;
  numerator: number;
  denominator: number;
}

export interface KpiSeries {
  unit: 'share' | 'revenue' | 'days';
  points: KpiPoint[];
  reason: string | null;
}

export interface PeriodSummary {
  months: number;
  mean: number | null;
  numerator: number;
  denominator: number;
}

export interface KpiComparison {
  flowId: number;
  flowName: string;
  /** For a replay of past data: its cutoff (the publication in data time), not the real publication date. */
  publishedAt: string | null;
  publishedMonth: string | null;
  /** True when publishedAt is in data time (a replay); the note says so in words. */
  dataTime?: boolean;
  note: string;
  kpis: Record<KpiName, { before: PeriodSummary; after: PeriodSummary } | null>;
}

export interface KpisResponse {
  definitions: Record<KpiName | 'purchase', string>;
  series: Record<KpiName, KpiSeries>;
  comparison: KpiComparison | null;
  replay?: unknown;
}

export interface SegmentWeek {
  /** Monday, "YYYY-MM-DD" */
  week: string;
  size: number;
  startSize: number;
  entered: number;
  exited: number;
  churnRate: number | null;
  meanRisk: number | null;
  scored: number;
}

export interface SegmentHealth {
  segmentId: number;
  name: string;
  weeks: SegmentWeek[];
}

export interface SegmentHealthResponse {
  definitions: Record<'week' | 'size' | 'churnRate' | 'meanRisk', string>;
  segments: SegmentHealth[];
  replay?: unknown;
}

export const getKpis = (flowId: number | null, signal?: AbortSignal) => api.get<KpisResponse>('/api/kpis', { query: { flowId }, signal });

export const getSegmentHealth = (weeks: number, signal?: AbortSignal) => api.get<SegmentHealthResponse>('/api/kpis/segments/health', { query: { weeks }, signal });
