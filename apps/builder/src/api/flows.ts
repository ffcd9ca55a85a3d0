// The flows API and what the canvas reads around it (segments, the fact catalogue, templates,
// simulation, live counts). Flow definitions are typed by @retain/rules, the schema the engine runs.
import type { FlowDefinition, FlowProblem } from '@retain/rules';
import { api, request } from './client';

export type FlowStatus = 'draft' | 'active' | 'paused' | 'archived';

export interface UserRef {
  id: number;
  email: string;
  name: string | null;
}

export interface FlowSummary {
  id: number;
  name: string;
  description: string | null;
  status: FlowStatus;
  currentVersion: number | null;
  draftVersion: number | null;
  hasDraft: boolean;
  createdAt: string;
  updatedAt: string;
  updatedBy: UserRef | null;
}

export interface FlowVersionView {
  version: number;
  state: 'draft' | 'published';
  readOnly: boolean;
  checksum: string;
  definition: FlowDefinition;
  updatedAt: string;
  updatedBy: UserRef | null;
  publishedAt: string | null;
  publishedBy: UserRef | null;
}

export interface FlowDetail extends FlowSummary {
  draft: (FlowVersionView & { structuralProblems: FlowProblem[] }) | null;
  published: FlowVersionView | null;
}

export interface SavedDraft {
  flowId: number;
  version: number;
  checksum: string;
  updatedAt: string;
  structuralProblems: FlowProblem[];
}

export interface VersionListItem {
  version: number;
  state: 'draft' | 'published';
  publishedAt: string | null;
  publishedBy: UserRef | null;
  updatedAt: string;
}

export interface PublishResult {
  flowId: number;
  status: FlowStatus;
  version: number;
  previousVersion: number | null;
}

export interface ExportDocument {
  format: 'retain-flow';
  formatVersion: 1;
  name: string;
  description: string | null;
  definition: FlowDefinition;
}

export interface SegmentRef {
  id: number;
  name: string;
  kind: string;
}

export type FactType = 'text' | 'number' | 'boolean' | 'date' | 'segmentIds' | 'any';

export interface FactDefinition {
  name: string;
  type: FactType;
  group: string;
  label: string;
  values?: readonly string[];
}

export interface FactCatalogue {
  facts: FactDefinition[];
  attributePrefix: string;
  segments: Array<{ id: string; name: string; kind: string }>;
}

export interface SimulationCounts {
  /** Who the simulation started from, in words ("members of At Risk", "every customer"). */
  audience: string;
  audienceSize: number;
  nodes: Record<string, { reached: number; waiting: number; performed: number; completed: number }>;
  edges: Record<string, number>;
  /** Entrants the flow's holdout keeps out (counted at the trigger only). */
  heldOut?: number;
  /** Audience members in the global control group: they would not enter. */
  globalControl?: number;
  ms: number;
}

export interface LiveNodeCounts {
  entered: number;
  waiting: number;
  active: number;
  completed: number;
  exited: number;
  sent: number;
  failed: number;
  skipped: number;
}

export interface LiveCounts {
  nodes: Record<string, LiveNodeCounts>;
}

export interface TemplatePreview {
  subject: string;
  html: string;
}

export const listFlows = (signal?: AbortSignal) => api.get<{ items: FlowSummary[] }>('/api/flows', { signal });
export const getFlow = (id: number, signal?: AbortSignal) => api.get<FlowDetail>(`/api/flows/${id}`, { signal });
export const createFlow = (name: string) => api.post<FlowDetail>('/api/flows', { name });
export const importFlow = (document: unknown) => api.post<FlowDetail>('/api/flows/import', document);
export const saveDraft = (id: number, definition: FlowDefinition) => request<SavedDraft>('PUT', `/api/flows/${id}/draft`, { body: { definition } });
export const publishFlow = (id: number, expectedDraftChecksum?: string) =>
  api.post<PublishResult>(`/api/flows/${id}/publish`, expectedDraftChecksum ? { expectedDraftChecksum } : {});
export const validateOnServer = (id: number) => api.post<{ valid: boolean; problems: FlowProblem[] }>(`/api/flows/${id}/validate`, {});
export const listVersions = (id: number, signal?: AbortSignal) => api.get<{ items: VersionListItem[] }>(`/api/flows/${id}/versions`, { signal });
export const getVersion = (id: number, version: number, signal?: AbortSignal) =>
  api.get<FlowVersionView & { current: boolean }>(`/api/flows/${id}/versions/${version}`, { signal });
export const exportFlow = (id: number) => api.get<ExportDocument>(`/api/flows/${id}/export`);
export const simulateFlow = (id: number, definition?: FlowDefinition) => api.post<SimulationCounts>(`/api/flows/${id}/simulate`, definition ? { definition } : {});
export const fetchLiveCounts = (id: number, signal?: AbortSignal) => api.get<LiveCounts>(`/api/flows/${id}/live`, { signal });

export const listSegments = (signal?: AbortSignal) => api.get<SegmentRef[]>('/api/segments', { signal });
export const fetchFactCatalogue = (signal?: AbortSignal) => api.get<FactCatalogue>('/api/segments/facts', { signal });
export const previewTemplate = (body: { subject: string; body: string; customerId: number }) => api.post<TemplatePreview>('/api/templates/preview', body);

export type EnrollmentTarget = { segmentId: number } | { externalIds: string[] } | { customerIds: number[] };

export interface EnrollmentResult {
  flowId: number;
  flowVersion: number;
  requested: number;
  enrolled: number;
  skipped: { total: number; byReason: Partial<Record<string, number>> };
}

/** Manual enrollment into an active flow's current version (POST /api/flows/:id/enrollments). */
export const enrollCustomers = (id: number, target: EnrollmentTarget) => api.post<EnrollmentResult>(`/api/flows/${id}/enrollments`, target);
