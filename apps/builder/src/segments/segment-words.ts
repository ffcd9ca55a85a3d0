// How segments are named on screen: kinds and definitions in words.
import type { Segment, SegmentKind } from '../api/segments';

export const KIND_LABELS: Record<SegmentKind, string> = {
  rule: 'Rule',
  rfm: 'RFM',
  cluster: 'Cluster',
  scoreBand: 'Score band',
  manual: 'Manual list',
};

export const KIND_HELP: Record<SegmentKind, string> = {
  rule: 'Customers whose facts match conditions you write.',
  rfm: 'Customers in named RFM segments or cells of the RFM grid.',
  cluster: 'Customers in clusters of the latest clustering run.',
  scoreBand: 'Customers whose churn risk lies in a band.',
  manual: 'A list of customers you paste.',
};

const percent = (v: number) => `${Math.round(v * 100)}%`;

/** One sentence saying who belongs to the segment. */
export function describeDefinition(segment: Pick<Segment, 'kind' | 'definition'>): string {
  const d = segment.definition as Record<string, unknown>;
  switch (segment.kind) {
    case 'rfm':
      if (Array.isArray(d.segments)) return `RFM segments: ${(d.segments as string[]).join(', ')}`;
      if (Array.isArray(d.cells)) return `RFM cells: ${(d.cells as { r: number; fm: number }[]).map((c) => `R${c.r} FM${c.fm}`).join(', ')}`;
      return 'RFM';
    case 'cluster':
      return `Clusters ${((d.clusters as number[]) ?? []).join(', ')} of the latest clustering run`;
    case 'scoreBand': {
      const min = typeof d.min === 'number' ? d.min : undefined;
      const max = typeof d.max === 'number' ? d.max : undefined;
      const band = min !== undefined && max !== undefined ? `between ${percent(min)} and ${percent(max)}` : min !== undefined ? `at least ${percent(min)}` : `at most ${percent(max ?? 1)}`;
      return `${String(d.model ?? 'churn')} risk ${band} (active model)`;
    }
    case 'manual':
      return `${((d.customerIds as number[]) ?? []).length} customers picked by hand`;
    case 'rule':
      return 'Customers matching a rule';
  }
}
