// The step function: given a flow version, the node a customer is at, their facts and the time,
// what happens next. Pure: no I/O, no clock, no randomness (the A/B arm is a hash).
import { assignVariant } from '../ab/assign-variant';
import { compileCondition } from '../conditions/compile-condition';
import { durationToMs } from '../flow/duration';
import type { FlowDefinition, FlowNode, FlowNodeOf } from '../flow/flow-schema';
import { passesRiskThreshold } from '../flow/nodes/riskThreshold';
import { type FlowIndex, indexFlow } from './flow-index';
import { type CustomerFacts, type StepContext, StepError, type StepResult } from './step-types';

export function step(flowVersion: FlowDefinition, nodeId: string, customerFacts: CustomerFacts, now: Date, context: StepContext): StepResult {
  const index = indexFlow(flowVersion);
  const node = index.nodesById.get(nodeId);
  if (!node) throw new StepError('NODE_NOT_FOUND', `Node "${nodeId}" is not in this flow version`);
  const next = (handle: string): string => targetOf(index, node, handle);
  switch (node.type) {
    case 'trigger':
      return { kind: 'transition', to: next('next'), handle: 'next' };
    case 'segmentFilter': {
      const handle = filterCondition(index, node, now)(customerFacts) ? 'match' : 'else';
      return { kind: 'transition', to: next(handle), handle };
    }
    case 'riskThreshold': {
      const handle = riskHandle(node, customerFacts);
      return { kind: 'transition', to: next(handle), handle };
    }
    case 'abSplit': {
      const { experimentKey, variants } = node.data;
      if (!variants.some((variant) => variant.weight > 0)) throw new StepError('INVALID_NODE', `A/B split "${node.id}" has no arm with a positive weight`);
      const variantId = assignVariant(experimentKey, context.customerId, variants).id;
      return { kind: 'transition', to: next(variantId), handle: variantId, experiment: { experimentKey, variantId } };
    }
    case 'wait':
      if (node.data.mode === 'duration') return { kind: 'wait', until: after(now, durationToMs(node.data.duration)), then: next('next') };
      return {
        kind: 'waitForEvent',
        eventName: node.data.eventName,
        timeoutAt: after(now, durationToMs(node.data.timeout)),
        onEvent: next('event'),
        onTimeout: next('timeout'),
      };
    case 'email':
      return { kind: 'action', action: { type: 'email', nodeId: node.id, ...node.data }, then: next('next') };
    case 'offer':
      return { kind: 'action', action: { type: 'offer', nodeId: node.id, ...node.data }, then: next('next') };
    case 'webhook':
      return { kind: 'action', action: { type: 'webhook', nodeId: node.id, ...node.data }, then: next('next') };
    case 'goal':
      return { kind: 'goal', eventName: node.data.eventName, within: node.data.within, deadline: after(now, durationToMs(node.data.within)) };
    case 'exit':
      return node.data.reason === undefined ? { kind: 'exit' } : { kind: 'exit', reason: node.data.reason };
  }
}

function after(now: Date, ms: number): Date {
  return new Date(now.getTime() + ms);
}

function targetOf(index: FlowIndex, node: FlowNode, handle: string): string {
  const target = index.targets.get(`${node.id}\u0000${handle}`);
  if (target === undefined) throw new StepError('OUTPUT_NOT_CONNECTED', `Output "${handle}" of node "${node.id}" is not connected`);
  return target;
}

/** The node's condition compiled for this `now` (date operators depend on it); reused while `now` stays the same. */
function filterCondition(index: FlowIndex, node: FlowNodeOf<'segmentFilter'>, now: Date) {
  const cached = index.compiledConditions.get(node.id);
  if (cached && cached.nowMs === now.getTime()) return cached.compiled;
  const compiled = compileCondition(node.data.condition, { now });
  index.compiledConditions.set(node.id, { nowMs: now.getTime(), compiled });
  return compiled;
}

/**
 * `above` when the customer's score passes the comparison. A customer without a score (not yet
 * scored, or a score that is not a finite number) goes `below`: we do not act on risk we have not
 * measured.
 */
function riskHandle(node: FlowNodeOf<'riskThreshold'>, facts: CustomerFacts): 'above' | 'below' {
  const scores = facts.scores;
  const score = scores !== null && typeof scores === 'object' && Object.hasOwn(scores, node.data.modelId) ? (scores as Record<string, unknown>)[node.data.modelId] : undefined;
  if (typeof score !== 'number' || !Number.isFinite(score)) return 'below';
  return passesRiskThreshold(score, node.data.operator, node.data.threshold) ? 'above' : 'below';
}
