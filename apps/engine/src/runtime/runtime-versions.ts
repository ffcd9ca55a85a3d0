// Published flow versions as the runtime needs them, cached by id: a published version never
// changes (the database refuses it), so a cached copy never goes stale.
import { Injectable } from '@nestjs/common';
import { type FlowDefinition, type FlowNode, type ReEntryPolicy } from '@retain/rules';
import { PrismaService } from '../database/prisma.service';
import { referencedFacts } from '../segments/fact-catalogue';
import { MODEL_KINDS } from '../flows/flow-reference-resolver';

export interface RuntimeVersion {
  id: number;
  flowId: number;
  definition: FlowDefinition;
  /** The trigger node's id, or undefined for a version without one (it cannot be entered). */
  triggerNodeId: string | undefined;
  reEntry: ReEntryPolicy;
  /** Catalogue fact names the version's conditions and risk checks read (nothing else is loaded). */
  factNames: string[];
}

const CACHE_LIMIT = 500;

@Injectable()
export class RuntimeVersions {
  private readonly cache = new Map<number, RuntimeVersion>();

  constructor(private readonly prisma: PrismaService) {}

  async get(versionId: number): Promise<RuntimeVersion> {
    const cached = this.cache.get(versionId);
    if (cached) return cached;
    const row = await this.prisma.flowVersion.findUnique({ where: { id: versionId }, select: { id: true, flowId: true, state: true, definition: true } });
    if (!row) throw new Error(`Flow version ${versionId} does not exist`);
    const version = describeVersion(row.id, row.flowId, row.definition as unknown as FlowDefinition);
    // only published versions are immutable, so only they are kept
    if (row.state === 'published') {
      if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(versionId, version);
    }
    return version;
  }
}

export function describeVersion(id: number, flowId: number, definition: FlowDefinition): RuntimeVersion {
  const nodes: FlowNode[] = Array.isArray(definition?.nodes) ? definition.nodes : [];
  const trigger = nodes.find((node) => node.type === 'trigger');
  const factNames = new Set<string>();
  for (const node of nodes) {
    if (node.type === 'segmentFilter') for (const fact of referencedFacts(node.data?.condition)) factNames.add(fact);
    // the step function reads risk scores from facts.scores[modelId]; a kind ("churn") is a catalogue fact
    if (node.type === 'riskThreshold' && MODEL_KINDS.includes(node.data?.modelId)) factNames.add(`scores.${node.data.modelId}`);
  }
  return {
    id,
    flowId,
    definition,
    triggerNodeId: trigger?.id,
    reEntry: trigger?.type === 'trigger' && trigger.data?.reEntry ? trigger.data.reEntry : { policy: 'never' },
    factNames: [...factNames],
  };
}
