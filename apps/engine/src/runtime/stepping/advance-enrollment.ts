// One enrollment's run: finish what it was waiting for (a wait's end, an event's timeout, a
// goal's deadline), then call the pure step function again and again until the journey reaches a
// wait, a deferred action or an end. Actions are performed through the channels as they come.
// No database here: the step runner claims the rows, loads facts and writes the result.
import { type CustomerFacts, type FlowDefinition, step, StepError } from '@retain/rules';
import type { ActionContext, ActionOutcome } from '../../channels/action-contract';
import type { StepAction } from '@retain/rules';
import type { ClaimedEnrollment, EnrollmentUpdate, OutcomeKind, OutcomeRecord } from './enrollment-state';

export type PerformAction = (action: StepAction, context: ActionContext) => Promise<ActionOutcome>;

export interface AdvanceOptions {
  /** Steps in one run before the journey is declared broken (validated flows have no cycle without a wait). */
  maxSteps?: number;
  /** Runs of an action that threw (not a channel's "failed") before the enrollment fails. */
  maxActionAttempts?: number;
}

export interface AdvanceResult {
  update: EnrollmentUpdate;
  outcomes: OutcomeRecord[];
}

const DEFAULT_MAX_STEPS = 200;
const DEFAULT_MAX_ACTION_ATTEMPTS = 5;
const RETRY_BASE_MS = 30_000;
const RETRY_MAX_MS = 3_600_000;

/** Wait before running an action again after it threw: 30 s, 1 min, 2 min, … at most 1 h. */
export function actionRetryDelayMs(attempts: number): number {
  return Math.min(RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1), RETRY_MAX_MS);
}

export async function advanceEnrollment(
  enrollment: ClaimedEnrollment,
  definition: FlowDefinition,
  facts: CustomerFacts,
  now: Date,
  perform: PerformAction,
  options: AdvanceOptions = {},
): Promise<AdvanceResult> {
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  const maxActionAttempts = options.maxActionAttempts ?? DEFAULT_MAX_ACTION_ATTEMPTS;
  const update: EnrollmentUpdate = {
    id: enrollment.id,
    status: 'active',
    currentNodeId: enrollment.currentNodeId,
    nextDueAt: null,
    wait: enrollment.wait,
    waitEventName: enrollment.wait?.kind === 'event' ? enrollment.wait.eventName : null,
    goal: enrollment.goal,
    variants: { ...enrollment.variants },
    path: [...enrollment.path],
    finishedAt: null,
    attempts: enrollment.attempts,
    lastError: null,
  };
  const outcomes: OutcomeRecord[] = [];
  // outcomes after a split carry its arm
  const arm = currentArm(definition, update.path, update.variants);

  const record = (nodeId: string, kind: OutcomeKind, detail: Record<string, unknown> | null = null) =>
    outcomes.push({
      enrollmentId: enrollment.id,
      flowId: enrollment.flowId,
      flowVersionId: enrollment.flowVersionId,
      customerId: enrollment.customerId,
      nodeId,
      kind,
      variantId: arm.variantId,
      experimentKey: arm.experimentKey,
      occurredAt: now,
      detail,
    });
  const moveTo = (nodeId: string) => {
    update.currentNodeId = nodeId;
    update.path.push(nodeId);
    record(nodeId, 'entered');
  };
  const finish = (status: 'completed' | 'exited' | 'failed') => {
    update.status = status;
    update.finishedAt = now;
    update.nextDueAt = null;
    update.wait = null;
    update.waitEventName = null;
    return { update, outcomes };
  };
  const fail = (message: string, code: string) => {
    update.lastError = message;
    record(update.currentNodeId, 'failed', { error: code, message });
    return finish('failed');
  };

  // What the enrollment was waiting for is over: it is due.
  if (enrollment.wait?.kind === 'resumed') {
    update.wait = null;
    update.waitEventName = null;
    moveTo(enrollment.wait.then);
  } else if (enrollment.status === 'waiting') {
    const at = enrollment.currentNodeId;
    if (enrollment.goal) {
      record(at, 'goal-missed', { eventName: enrollment.goal.eventName, deadline: enrollment.goal.deadline });
      record(at, 'completed', { goal: 'missed' });
      return finish('completed');
    }
    const wait = enrollment.wait;
    update.wait = null;
    update.waitEventName = null;
    if (wait?.kind === 'duration') moveTo(wait.then);
    else if (wait?.kind === 'event') {
      record(at, 'timed-out', { eventName: wait.eventName, timeoutAt: wait.timeoutAt });
      moveTo(wait.onTimeout);
    } else return fail(`Enrollment is waiting at "${at}" without a wait or a goal`, 'INVALID_STATE');
  }

  for (let steps = 0; ; steps++) {
    const nodeId = update.currentNodeId;
    if (steps >= maxSteps) return fail(`More than ${maxSteps} steps without a wait, starting from "${enrollment.currentNodeId}"`, 'TOO_MANY_STEPS');
    let result;
    try {
      result = step(definition, nodeId, facts, now, { customerId: String(enrollment.customerId) });
    } catch (error) {
      // a broken version (StepError) or an unreadable definition: this enrollment cannot go on
      if (error instanceof StepError) return fail(error.message, error.code);
      return fail(`The flow version cannot be run: ${error instanceof Error ? error.message : String(error)}`, 'INVALID_VERSION');
    }
    switch (result.kind) {
      case 'transition':
        if (result.experiment) {
          update.variants[result.experiment.experimentKey] = result.experiment.variantId;
          arm.variantId = result.experiment.variantId;
          arm.experimentKey = result.experiment.experimentKey;
          // the split's own "entered" is the exposure the experiment counts: it carries the arm too
          // (a split never stops a run, so it was recorded in this one)
          const exposure = outcomes.findLast((o) => o.nodeId === nodeId && o.kind === 'entered');
          if (exposure) Object.assign(exposure, arm);
        }
        moveTo(result.to);
        continue;
      case 'action': {
        const context: ActionContext = {
          enrollmentId: enrollment.id,
          flowId: enrollment.flowId,
          flowVersionId: enrollment.flowVersionId,
          nodeId,
          customerId: enrollment.customerId,
          ...(arm.variantId !== null ? { variantId: arm.variantId } : {}),
          now,
        };
        let outcome: ActionOutcome;
        try {
          outcome = await perform(result.action, context);
        } catch (error) {
          // not a channel's verdict but a crash (database down, a bug): try this step again later
          const message = error instanceof Error ? error.message : String(error);
          update.attempts += 1;
          if (update.attempts >= maxActionAttempts) return fail(`The ${result.action.type} step failed ${update.attempts} times: ${message}`, 'ACTION_ERROR');
          update.lastError = message;
          update.nextDueAt = new Date(now.getTime() + actionRetryDelayMs(update.attempts));
          return { update, outcomes };
        }
        update.attempts = 0;
        switch (outcome.status) {
          case 'sent':
            record(nodeId, 'sent', { deliveryId: outcome.deliveryId, ...(outcome.detail ?? {}) });
            break;
          case 'duplicate':
            record(nodeId, 'duplicate', { deliveryId: outcome.deliveryId });
            break;
          case 'skipped':
            record(nodeId, 'skipped', { reason: outcome.reason, message: outcome.message });
            break;
          case 'failed':
            record(nodeId, 'failed', { message: outcome.message });
            break;
          case 'deferred':
            record(nodeId, 'deferred', { until: outcome.until.toISOString(), reason: outcome.reason });
            update.nextDueAt = outcome.until;
            return { update, outcomes };
        }
        moveTo(result.then);
        continue;
      }
      case 'wait':
        update.status = 'waiting';
        update.wait = { kind: 'duration', until: result.until.toISOString(), then: result.then };
        update.nextDueAt = result.until;
        record(nodeId, 'waiting', { until: result.until.toISOString() });
        return { update, outcomes };
      case 'waitForEvent':
        update.status = 'waiting';
        update.wait = { kind: 'event', eventName: result.eventName, timeoutAt: result.timeoutAt.toISOString(), onEvent: result.onEvent, onTimeout: result.onTimeout, since: now.toISOString() };
        update.waitEventName = result.eventName;
        update.nextDueAt = result.timeoutAt;
        record(nodeId, 'waiting', { eventName: result.eventName, timeoutAt: result.timeoutAt.toISOString() });
        return { update, outcomes };
      case 'goal':
        update.status = 'waiting';
        update.goal = { eventName: result.eventName, deadline: result.deadline.toISOString(), since: now.toISOString() };
        update.nextDueAt = result.deadline;
        record(nodeId, 'waiting', { goal: result.eventName, deadline: result.deadline.toISOString() });
        return { update, outcomes };
      case 'exit':
        record(nodeId, 'exited', result.reason === undefined ? null : { reason: result.reason });
        return finish('exited');
    }
  }
}

export interface Arm {
  variantId: string | null;
  experimentKey: string | null;
}

/** The arm of the latest A/B split on the path (outcomes carry it), or none. */
export function currentArm(definition: FlowDefinition, path: readonly string[], variants: Readonly<Record<string, string>>): Arm {
  const nodes = Array.isArray(definition?.nodes) ? definition.nodes : [];
  for (let i = path.length - 1; i >= 0; i--) {
    const node = nodes.find((candidate) => candidate.id === path[i]);
    if (node?.type !== 'abSplit') continue;
    const variantId = variants[node.data.experimentKey];
    if (variantId !== undefined) return { variantId, experimentKey: node.data.experimentKey };
  }
  return { variantId: null, experimentKey: null };
}
