// The A/B splits of a flow, across its versions: what the marketer configured (arms, weights,
// control), merged per (node id, experiment key) so a split that survives several versions is one experiment.

export interface VersionDefinition {
  readonly id: number;
  readonly version: number;
  readonly definition: unknown;
}

export interface SplitArm {
  readonly id: string;
  readonly label: string;
  /** Weight in the latest version that has the split (0 for an arm that version dropped). */
  readonly weight: number;
}

export interface SplitNode {
  readonly nodeId: string;
  readonly experimentKey: string;
  readonly label: string | null;
  readonly controlId: string;
  /** Versions (numbers) that contain the split. */
  readonly versions: number[];
  readonly arms: SplitArm[];
  /** flow_version_id → arm id → weight, for the expected split of each version's exposures. */
  readonly weightsByVersionId: Map<number, Map<string, number>>;
}

interface AbSplitShape {
  id: string;
  type: 'abSplit';
  data: { label?: string; experimentKey: string; variants: Array<{ id: string; label: string; weight: number }>; controlVariantId?: string };
}

function isAbSplit(node: unknown): node is AbSplitShape {
  const candidate = node as Partial<AbSplitShape> | null;
  return candidate?.type === 'abSplit' && typeof candidate.id === 'string' && typeof candidate.data?.experimentKey === 'string' && Array.isArray(candidate.data?.variants);
}

export const splitKey = (nodeId: string, experimentKey: string) => `${nodeId}\u0000${experimentKey}`;

/** Splits in order of first appearance; the latest version decides labels, weights and the control. */
export function splitNodesOf(versions: readonly VersionDefinition[]): SplitNode[] {
  const byKey = new Map<string, { latest: AbSplitShape; versions: number[]; weights: Map<number, Map<string, number>>; armOrder: Map<string, string> }>();
  for (const version of [...versions].sort((a, b) => a.version - b.version)) {
    const nodes = (version.definition as { nodes?: unknown[] } | null)?.nodes ?? [];
    for (const node of nodes) {
      if (!isAbSplit(node)) continue;
      const key = splitKey(node.id, node.data.experimentKey);
      const entry = byKey.get(key) ?? { latest: node, versions: [] as number[], weights: new Map<number, Map<string, number>>(), armOrder: new Map<string, string>() };
      entry.latest = node;
      entry.versions.push(version.version);
      entry.weights.set(version.id, new Map(node.data.variants.map((variant) => [variant.id, variant.weight])));
      for (const variant of node.data.variants) entry.armOrder.set(variant.id, variant.label);
      byKey.set(key, entry);
    }
  }
  return [...byKey.values()].map(({ latest, versions: numbers, weights, armOrder }) => {
    const latestWeights = new Map(latest.data.variants.map((variant) => [variant.id, variant]));
    const arms = [...armOrder].map(([id, label]) => ({ id, label: latestWeights.get(id)?.label ?? label, weight: latestWeights.get(id)?.weight ?? 0 }));
    return {
      nodeId: latest.id,
      experimentKey: latest.data.experimentKey,
      label: latest.data.label ?? null,
      controlId: latest.data.controlVariantId ?? latest.data.variants[0]?.id ?? arms[0]?.id,
      versions: numbers,
      arms,
      weightsByVersionId: weights,
    };
  });
}

/** Names of the events the flow's goal nodes wait for (any version). */
export function goalEventNamesOf(versions: readonly VersionDefinition[]): string[] {
  const names = new Set<string>();
  for (const version of versions) {
    for (const node of (version.definition as { nodes?: Array<{ type?: string; data?: { eventName?: unknown } }> } | null)?.nodes ?? []) {
      if (node?.type === 'goal' && typeof node.data?.eventName === 'string') names.add(node.data.eventName);
    }
  }
  return [...names];
}
