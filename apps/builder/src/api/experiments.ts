// The experiments API: every A/B split of a flow with its statistics, promotion of a winning arm,
// and the flow's funnel (GET /api/kpis/flows/:id/funnel, shown on the same results page).
import { api } from './client';

export interface Interval {
  lower: number;
  upper: number;
}

export interface Lift extends Interval {
  estimate: number;
}

export interface ArmResult {
  id: string;
  label: string;
  weight: number;
  isControl: boolean;
  exposures: number;
  conversions: number;
  rate: number | null;
  rateInterval: Interval | null;
  absoluteLift: Lift | null;
  relativeLift: Lift | null;
  zTest: { z: number; pValue: number } | null;
  probabilityToBeatControl: number | null;
  probabilityToBeBest: number;
}

export interface SampleState {
  reached: boolean;
  required: { exposuresPerArm: number; conversionsPerArm: number };
  smallestExposures: number;
  smallestConversions: number;
  message: string;
}

export interface SampleRatioCheck {
  chiSquare: number;
  degreesOfFreedom: number;
  pValue: number;
  mismatch: boolean;
  expected: Record<string, number>;
}

export interface Decision {
  variantId: string;
  decidedAt: string;
  decidedById: number | null;
}

export interface SplitResult {
  nodeId: string;
  experimentKey: string;
  label: string | null;
  versions: number[];
  controlId: string;
  confidence: number;
  arms: ArmResult[];
  sampleRatio: SampleRatioCheck | null;
  sample: SampleState;
  promotable: string[];
  /** Arms a person may promote once the sample is reached; those not in `promotable` need acknowledgeWeakEvidence. */
  choosable?: string[];
  decision: Decision | null;
}

export interface ExperimentsResponse {
  flowId: number;
  flowName: string;
  attribution: { model: string; exposure: string; conversion: string; windowDays: number };
  experiments: SplitResult[];
  /** Set when the outcomes come from a replay of historical data (no real treatment effect). */
  replay?: unknown;
}

export interface PromotionResult {
  flowId: number;
  nodeId: string;
  experimentKey: string;
  variantId: string;
  decidedAt: string;
  decidedById: number | null;
}

export interface FunnelStep {
  nodeId: string;
  type: string;
  label: string | null;
  depth: number;
  entered: number;
  outcomes: Record<string, number>;
  byArm: Array<{ variantId: string; entered: number; outcomes: Record<string, number> }>;
}

export interface FlowFunnel {
  flowId: number;
  flowName: string;
  version: number | null;
  counting: string;
  entries: number;
  goalReached: number;
  goalRate: number | null;
  nodes: FunnelStep[];
  replay?: unknown;
}

export const getExperiments = (flowId: number, signal?: AbortSignal) => api.get<ExperimentsResponse>(`/api/flows/${flowId}/experiments`, { signal });

export const promoteArm = (flowId: number, nodeId: string, variantId: string, experimentKey: string, acknowledgeWeakEvidence = false) =>
  api.post<PromotionResult>(`/api/flows/${flowId}/experiments/${encodeURIComponent(nodeId)}/promote`, { variantId, experimentKey, ...(acknowledgeWeakEvidence ? { acknowledgeWeakEvidence } : {}) });

export const getFunnel = (flowId: number, signal?: AbortSignal) => api.get<FlowFunnel>(`/api/kpis/flows/${flowId}/funnel`, { signal });

/** A flow whose outcomes come from a replay of historical data (GET /api/replays). */
export interface ReplayInfo {
  replay: true;
  flowId: number;
  flowName: string;
  /** The replay's cutoff: real purchases after it become the conversions. */
  from: string;
  note: string | null;
}

export const listReplays = (flowId: number | null, signal?: AbortSignal) => api.get<{ items: ReplayInfo[] }>('/api/replays', { query: { flowId }, signal });

export interface LiftGroup {
  customers: number;
  conversions: number;
  rate: number | null;
  rateInterval: Interval | null;
}

/** Treated customers against the flow's holdout for one measure (GET /api/flows/:id/lift). */
export interface LiftComparison {
  holdout: LiftGroup;
  treated: LiftGroup;
  absoluteLift: Lift | null;
  relativeLift: Lift | null;
  pValue: number | null;
  probabilityTreatedBetter: number | null;
}

export interface FlowLift {
  flowId: number;
  flowName: string;
  asOf: string;
  holdoutPercent: number;
  globalControlPercent: number;
  windowDays: number;
  confidence: number;
  conversionDefinition: { goalEvents: string[]; text: string };
  retentionDefinition: { horizonDays: number; text: string };
  conversion: LiftComparison;
  retention: LiftComparison;
  bySegment: Array<{ segmentId: number; segmentName: string; conversion: LiftComparison; retention: LiftComparison }>;
}

export const getLift = (flowId: number, signal?: AbortSignal) => api.get<FlowLift>(`/api/flows/${flowId}/lift`, { signal });
