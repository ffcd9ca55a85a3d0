// What the segment form holds while someone edits it, and the definition the engine receives.
import type { RootCondition } from '@retain/rules';
import type { Segment, SegmentKind } from '../api/segments';

export interface RfmCell {
  r: number;
  fm: number;
}

export interface SegmentDraft {
  kind: SegmentKind;
  name: string;
  description: string;
  /** rule: the condition as json-rules-engine JSON (edited by the flows' ConditionBuilder). */
  condition: RootCondition;
  /** rfm: named segments, or cells of the R × FM grid. */
  rfmMode: 'segments' | 'cells';
  rfmSegments: string[];
  rfmCells: RfmCell[];
  clusters: number[];
  model: string;
  min: string;
  max: string;
  /** manual: ids as pasted, and what they are. */
  ids: string;
  idKind: 'externalIds' | 'customerIds';
}

export function emptyDraft(kind: SegmentKind = 'rule'): SegmentDraft {
  return { kind, name: '', description: '', condition: { all: [] }, rfmMode: 'segments', rfmSegments: [], rfmCells: [], clusters: [], model: 'churn', min: '0.7', max: '', ids: '', idKind: 'externalIds' };
}

export function draftFromSegment(segment: Segment): SegmentDraft {
  const d = segment.definition as Record<string, unknown>;
  const draft: SegmentDraft = { ...emptyDraft(segment.kind), name: segment.name, description: segment.description ?? '' };
  switch (segment.kind) {
    case 'rule':
      draft.condition = d.condition as RootCondition;
      break;
    case 'rfm':
      draft.rfmSegments = Array.isArray(d.segments) ? (d.segments as string[]) : [];
      draft.rfmCells = Array.isArray(d.cells) ? (d.cells as RfmCell[]) : [];
      draft.rfmMode = Array.isArray(d.cells) ? 'cells' : 'segments';
      break;
    case 'cluster':
      draft.clusters = (d.clusters as number[]) ?? [];
      break;
    case 'scoreBand':
      draft.model = String(d.model ?? 'churn');
      draft.min = typeof d.min === 'number' ? String(d.min) : '';
      draft.max = typeof d.max === 'number' ? String(d.max) : '';
      break;
    case 'manual':
      draft.ids = ((d.customerIds as number[]) ?? []).join('\n');
      draft.idKind = 'customerIds';
      break;
  }
  return draft;
}

/** Pasted ids, split on new lines, commas, semicolons or spaces. */
export function parseIds(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((t) => t.trim()).filter(Boolean))];
}

export function manualList(draft: SegmentDraft): { externalIds?: string[]; customerIds?: number[] } {
  const ids = parseIds(draft.ids);
  return draft.idKind === 'customerIds' ? { customerIds: ids.map(Number) } : { externalIds: ids };
}

/** The definition to send (the engine checks it again and says what is wrong). */
export function definitionFromDraft(draft: SegmentDraft): Record<string, unknown> {
  switch (draft.kind) {
    case 'rule':
      return { condition: draft.condition };
    case 'rfm':
      return draft.rfmMode === 'cells' ? { cells: draft.rfmCells } : { segments: draft.rfmSegments };
    case 'cluster':
      return { clusters: draft.clusters };
    case 'scoreBand': {
      const band: Record<string, unknown> = { model: draft.model };
      if (draft.min.trim() !== '') band.min = Number(draft.min);
      if (draft.max.trim() !== '') band.max = Number(draft.max);
      return band;
    }
    case 'manual':
      return manualList(draft);
  }
}
