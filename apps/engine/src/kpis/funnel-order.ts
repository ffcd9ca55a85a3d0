// The order a funnel lists a flow's nodes in: breadth-first from the trigger along the edges, so the
// steps read top to bottom as on the canvas; nodes no edge reaches come last.

export interface FunnelNode {
  id: string;
  type: string;
  label: string | null;
  /** Hops from the trigger. */
  depth: number;
}

export function funnelOrder(definition: unknown): FunnelNode[] {
  const flow = (definition ?? {}) as { nodes?: Array<{ id: string; type: string; data?: { label?: string } }>; edges?: Array<{ source: string; target: string }> };
  const nodes = flow.nodes ?? [];
  const edges = flow.edges ?? [];
  const depth = new Map<string, number>();
  const queue = nodes.filter((node) => node.type === 'trigger').map((node) => node.id);
  for (const id of queue) depth.set(id, 0);
  while (queue.length) {
    const id = queue.shift()!;
    for (const edge of edges) {
      if (edge.source === id && !depth.has(edge.target)) {
        depth.set(edge.target, depth.get(id)! + 1);
        queue.push(edge.target);
      }
    }
  }
  return nodes
    .map((node, index) => ({ id: node.id, type: node.type, label: node.data?.label ?? null, depth: depth.get(node.id) ?? Number.MAX_SAFE_INTEGER, index }))
    .sort((a, b) => a.depth - b.depth || a.index - b.index)
    .map(({ id, type, label, depth: hops }) => ({ id, type, label, depth: hops === Number.MAX_SAFE_INTEGER ? -1 : hops }));
}
