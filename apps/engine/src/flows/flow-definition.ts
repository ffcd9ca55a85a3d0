// Flow JSON as the engine stores it: checked for shape (the zod schema of @retain/rules), reduced
// to the schema's output, and fingerprinted so "publish what I reviewed" can be enforced.
import { createHash } from 'node:crypto';
import { defaultNodeData, FLOW_SCHEMA_VERSION, flowDefinitionSchema, validateFlowStructure, type FlowDefinition, type FlowProblem, type FlowProblemCode } from '@retain/rules';

/** Problem codes that mean "not JSON of the right shape" (a draft with them cannot be saved). */
const SHAPE_CODES: ReadonlySet<FlowProblemCode> = new Set<FlowProblemCode>(['INVALID_FLOW', 'SCHEMA_VERSION', 'INVALID_NODE', 'UNKNOWN_NODE_TYPE', 'INVALID_NODE_DATA', 'INVALID_EDGE', 'INVALID_CONDITION']);

export type ShapeCheck = { ok: true; definition: FlowDefinition; structuralProblems: FlowProblem[] } | { ok: false; problems: FlowProblem[] };

/**
 * A draft may be incomplete (unconnected outputs, no trigger yet) but must be a flow: every node a
 * known type with valid settings. Returns every shape problem, in the library's marketer wording.
 */
export function checkFlowShape(input: unknown): ShapeCheck {
  const parsed = flowDefinitionSchema.safeParse(input);
  const structuralProblems = validateFlowStructure(input);
  if (parsed.success) return { ok: true, definition: parsed.data, structuralProblems };
  const problems = structuralProblems.filter((problem) => SHAPE_CODES.has(problem.code));
  // The library's checks and the schema should agree; if they ever do not, still say what is wrong.
  if (problems.length === 0) {
    for (const issue of parsed.error.issues) problems.push({ code: 'INVALID_FLOW', message: `${issue.path.join('.') || 'The journey'}: ${issue.message}.` });
  }
  return { ok: false, problems };
}

/** A new flow: just a trigger, with the library's default settings. */
export function starterFlowDefinition(): FlowDefinition {
  return { schemaVersion: FLOW_SCHEMA_VERSION, nodes: [{ id: 'trigger', type: 'trigger', position: { x: 0, y: 0 }, data: defaultNodeData('trigger') }], edges: [] };
}

/** JSON with object keys sorted, so equal definitions have equal text (JSONB reorders keys). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, v]) => `${JSON.stringify(key)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function definitionChecksum(definition: unknown): string {
  return createHash('sha256').update(canonicalJson(definition)).digest('hex');
}
