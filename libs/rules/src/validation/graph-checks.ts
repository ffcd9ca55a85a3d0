// Checks on the shape of the journey: one trigger, connections between existing steps and
// outputs, every output connected once, every step reachable, no loop without a wait.
import type { FlowEdge } from '../flow/flow-schema';
import { isTerminalNodeType } from '../flow/node-registry';
import type { NodeType } from '../flow/flow-schema';
import type { FlowProblem } from './flow-problem';
import type { GraphNode } from './flow-parts';
import { NodeName, nodeName, quoteList } from './node-names';

export function checkGraph(nodes: readonly GraphNode[], edges: readonly FlowEdge[]): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const triggers = nodes.filter((node) => node.type === 'trigger');
  checkTriggerCount(triggers, problems);
  const connected = checkEdgeEnds(edges, byId, problems);
  checkOutputs(nodes, connected, byId, problems);
  if (triggers.length > 0) checkReachability(nodes, triggers, connected, problems);
  checkCycles(nodes, connected, byId, problems);
  return problems;
}

function checkTriggerCount(triggers: readonly GraphNode[], problems: FlowProblem[]): void {
  if (triggers.length === 0) {
    problems.push({ code: 'TRIGGER_COUNT', message: 'The journey has no trigger; add one to say how customers enter it.' });
  }
  for (const extra of triggers.slice(1)) {
    problems.push({ nodeId: extra.id, code: 'TRIGGER_COUNT', message: `The journey has ${triggers.length} triggers; keep exactly one (remove ${nodeName(extra)}).` });
  }
}

/** Reports edges whose ends do not exist; returns the edges between existing steps. */
function checkEdgeEnds(edges: readonly FlowEdge[], byId: ReadonlyMap<string, GraphNode>, problems: FlowProblem[]): FlowEdge[] {
  const connected: FlowEdge[] = [];
  for (const edge of edges) {
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (!source) {
      problems.push({ edgeId: edge.id, code: 'EDGE_MISSING_NODE', message: `A connection starts from a step that does not exist (“${edge.source}”).` });
    }
    if (!target) {
      problems.push({ edgeId: edge.id, code: 'EDGE_MISSING_NODE', message: `A connection leads to a step that does not exist (“${edge.target}”).` });
    }
    if (!source || !target) continue;
    if (target.type === 'trigger') {
      problems.push({ edgeId: edge.id, nodeId: target.id, code: 'EDGE_INTO_TRIGGER', message: `${NodeName(source)} leads back into the trigger; nothing can lead into a trigger.` });
      continue;
    }
    connected.push(edge);
  }
  return connected;
}

function checkOutputs(nodes: readonly GraphNode[], edges: readonly FlowEdge[], byId: ReadonlyMap<string, GraphNode>, problems: FlowProblem[]): void {
  const edgesByOutput = new Map<string, FlowEdge[]>();
  for (const edge of edges) {
    const source = byId.get(edge.source)!;
    if (!source.handles) continue; // data too broken to know its outputs; its data problem is reported
    if (!source.handles.includes(edge.sourceHandle)) {
      const message = isTerminalNodeType(source.type as NodeType)
        ? `${NodeName(source)} ends the journey, so nothing can follow it.`
        : `A connection leaves ${nodeName(source)} from an output called “${edge.sourceHandle}”, which it does not have (its outputs: ${quoteList(source.handles)}).`;
      problems.push({ nodeId: source.id, edgeId: edge.id, code: 'UNKNOWN_HANDLE', message });
      continue;
    }
    const key = `${source.id}\u0000${edge.sourceHandle}`;
    edgesByOutput.set(key, [...(edgesByOutput.get(key) ?? []), edge]);
  }
  for (const node of nodes) {
    // duplicate arm ids are reported by the A/B rules; count each output once here
    for (const handle of new Set(node.handles ?? [])) {
      const outgoing = edgesByOutput.get(`${node.id}\u0000${handle}`) ?? [];
      const output = node.handles!.length > 1 ? `The output “${handle}” of ${nodeName(node)}` : NodeName(node);
      if (outgoing.length === 0) {
        problems.push({ nodeId: node.id, code: 'UNCONNECTED_OUTPUT', message: `${output} is not connected to a next step.` });
      } else if (outgoing.length > 1) {
        problems.push({
          nodeId: node.id,
          edgeId: outgoing[1].id,
          code: 'MULTIPLE_CONNECTIONS',
          message: `${output} is connected to ${outgoing.length} steps; connect it to exactly one (use an A/B split to divide customers).`,
        });
      }
    }
  }
}

function successors(edges: readonly FlowEdge[]): Map<string, string[]> {
  const next = new Map<string, string[]>();
  for (const edge of edges) next.set(edge.source, [...(next.get(edge.source) ?? []), edge.target]);
  return next;
}

function checkReachability(nodes: readonly GraphNode[], triggers: readonly GraphNode[], edges: readonly FlowEdge[], problems: FlowProblem[]): void {
  const next = successors(edges);
  const reached = new Set(triggers.map((trigger) => trigger.id));
  const queue = [...reached];
  while (queue.length > 0) {
    for (const target of next.get(queue.shift()!) ?? []) {
      if (!reached.has(target)) {
        reached.add(target);
        queue.push(target);
      }
    }
  }
  for (const node of nodes) {
    if (!reached.has(node.id)) {
      problems.push({ nodeId: node.id, code: 'UNREACHABLE_NODE', message: `No customer can reach ${nodeName(node)}: no path leads to it from the trigger.` });
    }
  }
}

/** Loops are allowed only through a wait; otherwise a customer would cycle instantly forever. */
function checkCycles(nodes: readonly GraphNode[], edges: readonly FlowEdge[], byId: ReadonlyMap<string, GraphNode>, problems: FlowProblem[]): void {
  const next = successors(edges);
  for (const component of stronglyConnectedComponents(nodes.map((node) => node.id), next)) {
    const isLoop = component.length > 1 || (next.get(component[0]) ?? []).includes(component[0]);
    if (!isLoop) continue;
    const members = component.map((id) => byId.get(id)!).sort((a, b) => a.index - b.index);
    if (members.some((member) => member.type === 'wait')) continue;
    problems.push({
      nodeId: members[0].id,
      code: 'CYCLE_WITHOUT_WAIT',
      message: `The steps ${quoteList(members.map((member) => member.label?.trim() || member.id))} form a loop with no wait in it; add a wait so customers do not go round instantly.`,
    });
  }
}

/** Tarjan's algorithm, iterative (a long journey must not overflow the stack). */
function stronglyConnectedComponents(ids: readonly string[], next: ReadonlyMap<string, readonly string[]>): string[][] {
  const indexOf = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const start of ids) {
    if (indexOf.has(start)) continue;
    const work: Array<{ id: string; child: number }> = [{ id: start, child: 0 }];
    indexOf.set(start, counter);
    lowLink.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const children = next.get(frame.id) ?? [];
      if (frame.child < children.length) {
        const child = children[frame.child++];
        if (!indexOf.has(child)) {
          indexOf.set(child, counter);
          lowLink.set(child, counter++);
          stack.push(child);
          onStack.add(child);
          work.push({ id: child, child: 0 });
        } else if (onStack.has(child)) {
          lowLink.set(frame.id, Math.min(lowLink.get(frame.id)!, indexOf.get(child)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].id;
        lowLink.set(parent, Math.min(lowLink.get(parent)!, lowLink.get(frame.id)!));
      }
      if (lowLink.get(frame.id) === indexOf.get(frame.id)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.id);
        components.push(component);
      }
    }
  }
  return components;
}
