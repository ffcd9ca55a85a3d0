// Rule segments may use other segments (inSegment); they must be refreshed after those, and a
// cycle would make membership depend on itself, so saving one is refused. Pure graph logic.

export interface SegmentNode {
  id: number;
  dependsOn: readonly number[];
}

/** A cycle as a list of ids (first repeated at the end), or undefined. */
export function findDependencyCycle(nodes: readonly SegmentNode[]): number[] | undefined {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const state = new Map<number, 'visiting' | 'done'>();
  const stack: number[] = [];
  const visit = (id: number): number[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'visiting');
    stack.push(id);
    for (const dep of byId.get(id)?.dependsOn ?? []) {
      if (!byId.has(dep)) continue;
      const cycle = visit(dep);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const node of nodes) {
    const cycle = visit(node.id);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Ids with every segment after the segments it depends on (stable: otherwise by id). Throws on a cycle. */
export function orderByDependencies(nodes: readonly SegmentNode[]): number[] {
  const cycle = findDependencyCycle(nodes);
  if (cycle) throw new Error(`segment dependency cycle: ${cycle.join(' → ')}`);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const ordered: number[] = [];
  const placed = new Set<number>();
  const place = (id: number) => {
    if (placed.has(id)) return;
    placed.add(id);
    for (const dep of byId.get(id)?.dependsOn ?? []) if (byId.has(dep)) place(dep);
    ordered.push(id);
  };
  for (const node of [...nodes].sort((a, b) => a.id - b.id)) place(node.id);
  return ordered;
}

/** `ids` and every segment that depends on them, directly or not, in refresh order. */
export function withDependents(ids: readonly number[], nodes: readonly SegmentNode[]): number[] {
  const wanted = new Set(ids);
  let grew = true;
  while (grew) {
    grew = false;
    for (const node of nodes) {
      if (!wanted.has(node.id) && node.dependsOn.some((dep) => wanted.has(dep))) {
        wanted.add(node.id);
        grew = true;
      }
    }
  }
  return orderByDependencies(nodes).filter((id) => wanted.has(id));
}
