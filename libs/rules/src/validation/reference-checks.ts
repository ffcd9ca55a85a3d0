// Segments, templates and models a journey names must exist; the caller's resolver knows.
import type { Condition } from '../conditions/condition-types';
import { booleanOperatorOf } from '../conditions/condition-types';
import type { FlowProblem, FlowProblemCode, FlowReferenceResolver } from './flow-problem';
import type { GraphNode } from './flow-parts';
import { NodeName } from './node-names';

type ReferenceKind = 'segment' | 'template' | 'model';

interface Reference {
  kind: ReferenceKind;
  id: string;
  node: GraphNode;
}

const CODES: Record<ReferenceKind, FlowProblemCode> = { segment: 'UNKNOWN_SEGMENT', template: 'UNKNOWN_TEMPLATE', model: 'UNKNOWN_MODEL' };

export function collectReferences(nodes: readonly GraphNode[]): Reference[] {
  const references: Reference[] = [];
  for (const node of nodes) {
    const parsed = node.parsed;
    if (!parsed) continue;
    if (parsed.type === 'trigger') {
      const source = parsed.data.source;
      if (source.kind === 'segment-entered') references.push({ kind: 'segment', id: source.segmentId, node });
      if (source.kind === 'schedule') references.push({ kind: 'segment', id: source.audienceSegmentId, node });
    } else if (parsed.type === 'segmentFilter') {
      for (const id of segmentIdsIn(parsed.data.condition)) references.push({ kind: 'segment', id, node });
    } else if (parsed.type === 'riskThreshold') {
      references.push({ kind: 'model', id: parsed.data.modelId, node });
    } else if (parsed.type === 'email' && parsed.data.content.source === 'template') {
      references.push({ kind: 'template', id: parsed.data.content.templateId, node });
    }
  }
  return references;
}

/** Segment ids used with inSegment / notInSegment (decorated or not) anywhere in a condition. */
function segmentIdsIn(condition: Condition): string[] {
  const booleanOperator = booleanOperatorOf(condition);
  if (booleanOperator === 'not') return segmentIdsIn((condition as { not: Condition }).not);
  if (booleanOperator) return (condition as unknown as Record<string, Condition[]>)[booleanOperator].flatMap(segmentIdsIn);
  const leaf = condition as { operator: string; value: unknown };
  if (!/(^|:)(inSegment|notInSegment)$/.test(leaf.operator)) return [];
  return [leaf.value].flat(3).filter((value): value is string => typeof value === 'string');
}

export async function checkReferences(nodes: readonly GraphNode[], resolver: FlowReferenceResolver): Promise<FlowProblem[]> {
  const references = collectReferences(nodes);
  const lookups = new Map<string, Promise<boolean>>();
  const exists = (reference: Reference): Promise<boolean> => {
    const key = `${reference.kind}:${reference.id}`;
    if (!lookups.has(key)) {
      const ask = { segment: () => resolver.segmentExists(reference.id), template: () => resolver.templateExists(reference.id), model: () => resolver.modelExists(reference.id) }[reference.kind];
      lookups.set(key, Promise.resolve().then(ask));
    }
    return lookups.get(key)!;
  };
  const answers = await Promise.all(references.map(exists));
  const problems: FlowProblem[] = [];
  const reported = new Set<string>();
  references.forEach((reference, index) => {
    const key = `${reference.node.id}:${reference.kind}:${reference.id}`;
    if (answers[index] || reported.has(key)) return;
    reported.add(key);
    problems.push({ nodeId: reference.node.id, code: CODES[reference.kind], message: `${NodeName(reference.node)} uses the ${reference.kind} “${reference.id}”, which does not exist.` });
  });
  return problems;
}
