// Splits raw flow JSON into the nodes and edges the other checks work on, reporting schema
// problems per node and edge. A node whose data is invalid still takes part in the graph checks
// (so one typo does not also make everything after it "unreachable").
import type { z } from 'zod';
import { FLOW_SCHEMA_VERSION, type FlowEdge, type FlowNode, flowEdgeSchema, flowNodeSchema } from '../flow/flow-schema';
import { isNodeType, nodeTypeDefinitions } from '../flow/node-registry';
import type { FlowProblem } from './flow-problem';
import { NodeName, type NamedNode } from './node-names';
import { describeSchemaIssue } from './schema-issue-message';

export interface GraphNode extends NamedNode {
  /** Position in the flow's node list, for stable ordering. */
  index: number;
  rawData: unknown;
  /** The parsed node, when its data is valid. */
  parsed?: FlowNode;
  /** Outgoing handles, when they can be known (from valid data, or data good enough to tell). */
  handles?: readonly string[];
}

export interface FlowParts {
  nodes: GraphNode[];
  edges: FlowEdge[];
  problems: FlowProblem[];
  /** True when the input is not a flow at all, so no further check makes sense. */
  notAFlow: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function splitFlow(input: unknown): FlowParts {
  const problems: FlowProblem[] = [];
  if (!isRecord(input)) {
    return { nodes: [], edges: [], problems: [{ code: 'INVALID_FLOW', message: 'This is not a journey: expected an object with nodes and edges.' }], notAFlow: true };
  }
  if (input.schemaVersion !== FLOW_SCHEMA_VERSION) {
    problems.push({ code: 'SCHEMA_VERSION', message: `The journey uses format version ${JSON.stringify(input.schemaVersion)}; this version of Retain reads version ${FLOW_SCHEMA_VERSION}.` });
  }
  if (!Array.isArray(input.nodes)) problems.push({ code: 'INVALID_FLOW', message: 'The journey has no list of steps (nodes).' });
  if (!Array.isArray(input.edges)) problems.push({ code: 'INVALID_FLOW', message: 'The journey has no list of connections (edges).' });
  const nodes = Array.isArray(input.nodes) ? splitNodes(input.nodes, problems) : [];
  const edges = Array.isArray(input.edges) ? splitEdges(input.edges, problems) : [];
  return { nodes, edges, problems, notAFlow: false };
}

function splitNodes(rawNodes: unknown[], problems: FlowProblem[]): GraphNode[] {
  const nodes: GraphNode[] = [];
  const seen = new Set<string>();
  rawNodes.forEach((raw, index) => {
    if (!isRecord(raw) || typeof raw.id !== 'string' || raw.id.length === 0) {
      problems.push({ code: 'INVALID_NODE', message: `Step number ${index + 1} has no id.` });
      return;
    }
    const data = raw.data;
    const label = isRecord(data) && typeof data.label === 'string' ? data.label : undefined;
    const named: NamedNode = { id: raw.id, type: String(raw.type), label };
    if (seen.has(raw.id)) {
      problems.push({ nodeId: raw.id, code: 'DUPLICATE_NODE_ID', message: `Two steps share the id “${raw.id}”; each step needs its own id.` });
      return;
    }
    seen.add(raw.id);
    if (!isNodeType(raw.type)) {
      problems.push({ nodeId: raw.id, code: 'UNKNOWN_NODE_TYPE', message: `Step “${label ?? raw.id}” is of an unknown kind (${JSON.stringify(raw.type)}).` });
      return;
    }
    const result = flowNodeSchema.safeParse(raw);
    const node: GraphNode = { ...named, index, rawData: data };
    if (result.success) {
      node.parsed = result.data;
      node.handles = nodeTypeDefinitions[result.data.type].handles(result.data.data as never);
    } else {
      node.handles = handlesFromRawData(raw.type, data);
      for (const issue of result.error.issues) {
        // conditions are explained rule by rule by the node rules (INVALID_CONDITION)
        if (issue.path.includes('condition')) continue;
        problems.push({ nodeId: raw.id, code: 'INVALID_NODE_DATA', message: `${NodeName(named)}: ${describeSchemaIssue(issue as z.core.$ZodIssue, raw)}` });
      }
    }
    nodes.push(node);
  });
  return nodes;
}

/** Handles of a node whose data failed the schema, when the data still says enough. */
function handlesFromRawData(type: string, data: unknown): readonly string[] | undefined {
  try {
    const handles = nodeTypeDefinitions[type as keyof typeof nodeTypeDefinitions].handles(data as never);
    return Array.isArray(handles) && handles.every((handle) => typeof handle === 'string') ? handles : undefined;
  } catch {
    return undefined;
  }
}

function splitEdges(rawEdges: unknown[], problems: FlowProblem[]): FlowEdge[] {
  const edges: FlowEdge[] = [];
  const seen = new Set<string>();
  rawEdges.forEach((raw, index) => {
    const result = flowEdgeSchema.safeParse(raw);
    const edgeId = isRecord(raw) && typeof raw.id === 'string' && raw.id ? raw.id : undefined;
    if (!result.success) {
      problems.push({ edgeId, code: 'INVALID_EDGE', message: `Connection number ${index + 1} is incomplete: it needs an id, a source step, a source output and a target step.` });
      return;
    }
    if (seen.has(result.data.id)) {
      problems.push({ edgeId: result.data.id, code: 'DUPLICATE_EDGE_ID', message: `Two connections share the id “${result.data.id}”.` });
      return;
    }
    seen.add(result.data.id);
    edges.push(result.data);
  });
  return edges;
}
