import type { Duration } from '../flow/duration';
import type { EmailNodeData } from '../flow/nodes/email';
import type { OfferNodeData } from '../flow/nodes/offer';
import type { WebhookNodeData } from '../flow/nodes/webhook';

/**
 * Customer facts for the step function: the same plain object conditions read. Two names have a
 * fixed meaning: `segments` (the customer's segment ids, for inSegment) and `scores` (model id →
 * score in [0, 1], e.g. `{ churn: 0.72 }`, for riskThreshold).
 */
export type CustomerFacts = Readonly<Record<string, unknown>>;

export interface StepContext {
  /** Decides the A/B arm (with the experiment key). */
  readonly customerId: string;
}

export type StepAction =
  | ({ type: 'email'; nodeId: string } & EmailNodeData)
  | ({ type: 'offer'; nodeId: string } & OfferNodeData)
  | ({ type: 'webhook'; nodeId: string } & WebhookNodeData);

export type StepResult =
  /** Move on at once along an output (trigger, filter, risk check, A/B split). */
  | { kind: 'transition'; to: string; handle: string; experiment?: { experimentKey: string; variantId: string } }
  /** Perform a side effect, then continue to `then`. */
  | { kind: 'action'; action: StepAction; then: string }
  /** Sleep until `until`, then continue to `then`. */
  | { kind: 'wait'; until: Date; then: string }
  /** Continue to `onEvent` when the customer does `eventName`, or to `onTimeout` at `timeoutAt`. */
  | { kind: 'waitForEvent'; eventName: string; timeoutAt: Date; onEvent: string; onTimeout: string }
  /** The journey ends here; it succeeded if `eventName` happens before `deadline`. */
  | { kind: 'goal'; eventName: string; within: Duration; deadline: Date }
  | { kind: 'exit'; reason?: string };

export type StepErrorCode = 'NODE_NOT_FOUND' | 'OUTPUT_NOT_CONNECTED' | 'INVALID_NODE';

/** The flow version cannot be stepped at this node; a validated flow never raises it. */
export class StepError extends Error {
  constructor(
    readonly code: StepErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StepError';
  }
}
