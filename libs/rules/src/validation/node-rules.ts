// Rules on a single step's settings that the schema alone cannot express in a marketer's words.
import { validateCondition } from '../conditions/validate-condition';
import { type Duration, formatDuration, isDurationInRange } from '../flow/duration';
import type { FlowNode, FlowNodeOf } from '../flow/flow-schema';
import { MAX_AB_VARIANTS } from '../flow/nodes/abSplit';
import type { FlowProblem } from './flow-problem';
import type { GraphNode } from './flow-parts';
import { NodeName } from './node-names';

export function checkNodeRules(nodes: readonly GraphNode[]): FlowProblem[] {
  const problems: FlowProblem[] = [];
  for (const node of nodes) {
    checkConditions(node, problems);
    if (node.parsed) checkParsedNode(node, node.parsed, problems);
  }
  return problems;
}

function checkParsedNode(node: GraphNode, parsed: FlowNode, problems: FlowProblem[]): void {
  switch (parsed.type) {
    case 'abSplit':
      return checkAbSplit(node, parsed, problems);
    case 'wait':
      if (parsed.data.mode === 'duration') checkDuration(node, parsed.data.duration, 'WAIT_RANGE', 'waits', problems);
      else checkDuration(node, parsed.data.timeout, 'WAIT_RANGE', 'waits for the event at most', problems);
      return;
    case 'goal':
      return checkDuration(node, parsed.data.within, 'GOAL_WINDOW_RANGE', 'counts purchases within', problems);
    case 'riskThreshold':
      if (!(parsed.data.threshold >= 0 && parsed.data.threshold <= 1)) {
        problems.push({ nodeId: node.id, code: 'THRESHOLD_RANGE', message: `${NodeName(node)} compares the score with ${parsed.data.threshold}; a threshold must be between 0 and 1.` });
      }
      return;
    case 'offer':
      return checkOffer(node, parsed, problems);
    default:
      return;
  }
}

function formatPercent(value: number): string {
  return `${Math.round(value * 100) / 100} %`;
}

function checkAbSplit(node: GraphNode, split: FlowNodeOf<'abSplit'>, problems: FlowProblem[]): void {
  const { variants, controlVariantId } = split.data;
  const total = variants.reduce((sum, variant) => sum + variant.weight, 0);
  if (Math.abs(total - 100) > 1e-9) {
    problems.push({ nodeId: node.id, code: 'AB_WEIGHTS', message: `${NodeName(node)} has weights adding up to ${formatPercent(total)}; they must add up to 100 %.` });
  }
  if (variants.length < 2 || variants.length > MAX_AB_VARIANTS) {
    problems.push({ nodeId: node.id, code: 'AB_VARIANT_COUNT', message: `${NodeName(node)} has ${variants.length} arm${variants.length === 1 ? '' : 's'}; an A/B split needs 2 to ${MAX_AB_VARIANTS}.` });
  }
  const seen = new Set<string>();
  for (const variant of variants) {
    if (seen.has(variant.id)) {
      problems.push({ nodeId: node.id, code: 'AB_DUPLICATE_VARIANT', message: `${NodeName(node)} has two arms with the id “${variant.id}”; each arm needs its own id.` });
    }
    seen.add(variant.id);
  }
  if (controlVariantId !== undefined && !seen.has(controlVariantId)) {
    problems.push({ nodeId: node.id, code: 'AB_UNKNOWN_CONTROL', message: `${NodeName(node)} names “${controlVariantId}” as its control arm, but has no arm with that id.` });
  }
}

function checkDuration(node: GraphNode, duration: Duration, code: 'WAIT_RANGE' | 'GOAL_WINDOW_RANGE', verb: string, problems: FlowProblem[]): void {
  if (!isDurationInRange(duration)) {
    problems.push({ nodeId: node.id, code, message: `${NodeName(node)} ${verb} ${formatDuration(duration)}; it must be more than 0 and at most 365 days.` });
  }
}

function checkOffer(node: GraphNode, offer: FlowNodeOf<'offer'>, problems: FlowProblem[]): void {
  const { kind, value } = offer.data;
  const problem =
    kind === 'percent' && !(value > 0 && value <= 100)
      ? `gives ${value} % off; a percent discount must be more than 0 and at most 100.`
      : kind === 'fixed' && !(value > 0 && Number.isFinite(value))
        ? `gives ${value} off; a fixed discount must be more than 0.`
        : kind === 'points' && !(Number.isInteger(value) && value > 0)
          ? `gives ${value} points; points must be a whole number above 0.`
          : undefined;
  if (problem) problems.push({ nodeId: node.id, code: 'OFFER_VALUE', message: `${NodeName(node)} ${problem}` });
}

/** Conditions are checked from the raw data so each broken rule gets its own sentence. */
function checkConditions(node: GraphNode, problems: FlowProblem[]): void {
  const data = node.rawData as Record<string, unknown> | undefined;
  if (node.type === 'segmentFilter' && data && typeof data === 'object') {
    reportCondition(node, data.condition, 'condition', problems);
    const condition = data.condition as Record<string, unknown> | undefined;
    if (condition && ((Array.isArray(condition.all) && condition.all.length === 0) || (Array.isArray(condition.any) && condition.any.length === 0))) {
      problems.push({ nodeId: node.id, code: 'EMPTY_CONDITION', message: `${NodeName(node)} has no rules yet; add at least one.` });
    }
  }
  if (node.type === 'trigger' && data && typeof data === 'object') {
    const source = data.source as Record<string, unknown> | undefined;
    if (source?.kind === 'event' && source.condition !== undefined) reportCondition(node, source.condition, 'event condition', problems);
  }
}

function reportCondition(node: GraphNode, condition: unknown, what: string, problems: FlowProblem[]): void {
  for (const problem of validateCondition(condition)) {
    problems.push({ nodeId: node.id, code: 'INVALID_CONDITION', message: `${NodeName(node)}, ${what}${problem.path ? ` (${problem.path})` : ''}: ${problem.message}` });
  }
}
