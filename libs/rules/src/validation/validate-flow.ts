import type { FlowProblem, FlowReferenceResolver } from './flow-problem';
import { splitFlow } from './flow-parts';
import { checkGraph } from './graph-checks';
import { checkNodeRules } from './node-rules';
import { checkReferences } from './reference-checks';

/**
 * Every problem that needs no lookup: schema, graph and per-step rules. Synchronous, so the
 * builder can run it on each edit.
 */
export function validateFlowStructure(flow: unknown): FlowProblem[] {
  const { nodes, edges, problems, notAFlow } = splitFlow(flow);
  if (notAFlow) return problems;
  return [...problems, ...checkGraph(nodes, edges), ...checkNodeRules(nodes)];
}

/**
 * Every problem in a journey, in words a marketer understands: validateFlowStructure plus the
 * segments, templates and models it names, checked through the resolver. An empty list means the
 * journey can be published.
 */
export async function validateFlow(flow: unknown, resolver: FlowReferenceResolver): Promise<FlowProblem[]> {
  const { nodes, edges, problems, notAFlow } = splitFlow(flow);
  if (notAFlow) return problems;
  return [...problems, ...checkGraph(nodes, edges), ...checkNodeRules(nodes), ...(await checkReferences(nodes, resolver))];
}
