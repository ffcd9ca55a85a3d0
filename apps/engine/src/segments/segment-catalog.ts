import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import { findFact, referencedFacts, referencedSegmentIds } from './fact-catalogue';
import type { SegmentNode } from './segment-dependencies';
import type { ActiveModel } from './segment-matcher';
import type { StoredDefinition } from './segments.schemas';

export interface ActiveSegment {
  id: number;
  name: string;
  stored: StoredDefinition;
}

/** Segments and models as the refresh sees them: active segments, their dependencies, active models. */
@Injectable()
export class SegmentCatalog {
  constructor(private readonly prisma: PrismaService) {}

  async activeSegments(): Promise<ActiveSegment[]> {
    const rows = await this.prisma.segment.findMany({ where: { archivedAt: null }, select: { id: true, name: true, kind: true, definition: true }, orderBy: { id: 'asc' } });
    return rows.map((row) => ({ id: row.id, name: row.name, stored: { kind: row.kind, definition: row.definition } as StoredDefinition }));
  }

  async activeModels(): Promise<Map<string, ActiveModel>> {
    const rows = await this.prisma.modelVersion.findMany({
      where: { status: 'active' },
      select: { id: true, kind: true, version: true },
      orderBy: [{ activatedAt: { sort: 'desc', nulls: 'last' } }, { id: 'desc' }],
    });
    const byKind = new Map<string, ActiveModel>();
    // several versions of a kind may be active (one per population); a customer's score comes from the latest that scored them
    for (const row of rows) {
      const known = byKind.get(row.kind);
      if (known) known.ids.push(row.id);
      else byKind.set(row.kind, { id: row.id, version: row.version, ids: [row.id] });
    }
    return byKind;
  }
}

export function dependencyNodes(segments: readonly ActiveSegment[]): SegmentNode[] {
  return segments.map((segment) => ({ id: segment.id, dependsOn: segment.stored.kind === 'rule' ? referencedSegmentIds(segment.stored.definition.condition) : [] }));
}

/** Data whose refresh triggers a segment refresh: the facts pipeline's facts, or a model's scores (activation). */
export type RefreshCause = 'facts' | 'scores';

/**
 * Whether new facts or new scores can change a segment's membership, so a trigger refreshes only
 * those (and their dependents). Rule segments follow facts whatever they name (attributes and
 * time-based rules change between refreshes too), and scores when a leaf names one.
 */
export function affectedBy(cause: RefreshCause, stored: StoredDefinition): boolean {
  switch (stored.kind) {
    case 'rfm':
    case 'cluster':
      return cause === 'facts';
    case 'scoreBand':
      return cause === 'scores';
    case 'manual':
      return false;
    case 'rule':
      return cause === 'facts' || [...referencedFacts(stored.definition.condition)].some((fact) => findFact(fact)?.group === 'scores');
  }
}
