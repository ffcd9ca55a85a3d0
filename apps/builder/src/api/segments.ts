import { api, request } from './client';
import type { Page } from './types';

/** Shapes and calls of the segments and segmentation endpoints (apps/engine/src/segments, analytics). */

export type SegmentKind = 'rule' | 'rfm' | 'cluster' | 'scoreBand' | 'manual';

export interface Segment {
  id: number;
  name: string;
  description: string | null;
  kind: SegmentKind;
  definition: Record<string, unknown>;
  size: number;
  createdById: number | null;
  createdAt: string;
  updatedAt: string;
  lastRefreshedAt: string | null;
  archivedAt: string | null;
  /** GET /api/segments/:id only: segments a rule refers to. */
  dependsOn?: number[];
}

export interface SegmentInput {
  kind: SegmentKind;
  name: string;
  description?: string | null;
  definition: Record<string, unknown>;
}

export interface SegmentMember {
  customerId: number;
  enteredAt: string;
  externalId: string | null;
  email: string | null;
  name: string | null;
  country: string | null;
  city: string | null;
  plan: string | null;
  score?: number | null;
}

export interface MembersPage extends Page<SegmentMember> {
  modelVersionId: number | null;
}

export interface MembershipChange {
  id: string;
  kind: 'entered' | 'exited';
  at: string;
  reason: string | null;
  modelVersionId: number | null;
  score: number | null;
  customerId: number;
  externalId: string | null;
  name: string | null;
  email: string | null;
}

export interface HistoryPage {
  items: MembershipChange[];
  nextBefore: string | null;
}

export interface SizeDay {
  day: string;
  entered: number;
  exited: number;
  net: number;
  size: number;
}

export interface FactDefinition {
  name: string;
  type: 'text' | 'number' | 'boolean' | 'date' | 'segmentIds' | 'any';
  group: string;
  label: string;
  values?: string[];
}

export interface FactCatalogue {
  facts: FactDefinition[];
  attributePrefix: string;
  segments: { id: string; name: string; kind: SegmentKind }[];
}

export interface SegmentPreview {
  count: number;
  evaluated: number;
  sample: { customerId: number; externalId: string | null; name: string | null; email: string | null; country: string | null }[];
  ms: number;
}

export interface RfmGrid {
  asOf: string | null;
  scoredCustomers: number;
  axes: { rows: string; columns: string };
  cells: { r: number; fm: number; segment: string; customers: number }[];
  segments: { segment: string; description: string; cells: { r: number; fm: number }[]; customers: number }[];
}

export interface ClusterProfile {
  cluster: number;
  label: string;
  size: number;
  share: number;
  features: Record<string, { mean: number; median: number }>;
  medianShift: Record<string, number>;
}

export interface Clustering {
  id: number;
  asOf: string;
  createdAt: string;
  customers: number;
  featureNames: string[];
  k: number;
  silhouetteByK: { k: number; silhouette: number; inertia?: number }[];
  profiles: ClusterProfile[];
  outliers: { method: string; outlierCount: number; outlierShare: number } | null;
}

export interface CustomerSegments {
  memberships: { enteredAt: string; segment: { id: number; name: string; kind: SegmentKind } }[];
  history: { id: string; kind: 'entered' | 'exited'; at: string; reason: string | null; score: number | null; segment: { id: number; name: string; kind: SegmentKind } }[];
}

const segmentPath = (id: number | string) => `/api/segments/${encodeURIComponent(String(id))}`;

export const listSegments = (signal?: AbortSignal) => api.get<Segment[]>('/api/segments', { signal });
export const fetchSegment = (id: number | string, signal?: AbortSignal) => api.get<Segment>(segmentPath(id), { signal });
export const fetchMembers = (id: number | string, page: number, pageSize: number, signal?: AbortSignal) =>
  api.get<MembersPage>(`${segmentPath(id)}/members`, { query: { page, pageSize }, signal });
export const fetchHistory = (id: number | string, before: string | null, signal?: AbortSignal) =>
  api.get<HistoryPage>(`${segmentPath(id)}/history`, { query: { limit: 25, before }, signal });
export const fetchSizeHistory = (id: number | string, days: number, signal?: AbortSignal) =>
  api.get<{ segmentId: number; days: SizeDay[] }>(`${segmentPath(id)}/size-history`, { query: { days }, signal });
export const fetchFacts = (signal?: AbortSignal) => api.get<FactCatalogue>('/api/segments/facts', { signal });

export const createSegment = (input: SegmentInput) => api.post<Segment>('/api/segments', input);
export const updateSegment = (id: number, change: Partial<Omit<SegmentInput, 'kind'>>) => request<Segment>('PATCH', segmentPath(id), { body: change });
export const archiveSegment = (id: number) => request<Segment>('DELETE', segmentPath(id));
export const refreshSegment = (id: number) => api.post<{ segment: Segment }>(`${segmentPath(id)}/refresh`, {});
export const previewSegment = (kind: SegmentKind, definition: Record<string, unknown>) => api.post<SegmentPreview>('/api/segments/preview', { kind, definition, sampleSize: 5 });

export const fetchRfmGrid = (signal?: AbortSignal) => api.get<RfmGrid>('/api/segmentation/rfm-grid', { signal });
export const fetchClusters = (signal?: AbortSignal) => api.get<Clustering>('/api/segmentation/clusters', { signal });
export const refreshSegmentation = () => api.post<unknown>('/api/segmentation/refresh', {});

export const fetchCustomerSegments = (customerId: number | string, signal?: AbortSignal) =>
  api.get<CustomerSegments>(`/api/customers/${encodeURIComponent(String(customerId))}/segments`, { query: { limit: 50 }, signal });
export const replaceManualMembers = (id: number, list: { externalIds?: string[]; customerIds?: number[] }) => request<Segment>('PUT', `${segmentPath(id)}/members`, { body: list });
