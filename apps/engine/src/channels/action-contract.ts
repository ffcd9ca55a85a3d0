// The contract between the runtime (which decides WHAT to do and WHEN) and the channels (which
// DO it: email, offer, webhook). The runtime calls `perform` once per action step; the channels
// own idempotency: a (enrollmentId, nodeId) pair is performed at most once, ever, enforced by a
// unique index, so a step retried after a crash or a lost job never sends twice.
import type { StepAction } from '@retain/rules';

/** Where in which journey the action happens, and for whom. */
export interface ActionContext {
  /** enrollments.id (a BIGINT, carried as a string). With `nodeId` it is the idempotency key. */
  readonly enrollmentId: string;
  readonly flowId: number;
  readonly flowVersionId: number;
  readonly nodeId: string;
  readonly customerId: number;
  /** The A/B arm this enrollment took, if it went through a split (a template variable, and for outcomes). */
  readonly variantId?: string;
  /** The runtime clock's time for this step (tests move it; never read Date.now() in channels). */
  readonly now: Date;
}

export type ActionSkipReason = 'no-consent' | 'no-email-address' | 'frequency-cap';

export type ActionOutcome =
  /** Done now: email accepted by the SMTP server, offer code issued, webhook answered 2xx. */
  | { readonly status: 'sent'; readonly deliveryId: number; readonly detail?: Readonly<Record<string, unknown>> }
  /** Already performed earlier for this (enrollment, node): nothing was done again. */
  | { readonly status: 'duplicate'; readonly deliveryId: number }
  /** A guard refused it; the journey goes on without it. */
  | { readonly status: 'skipped'; readonly reason: ActionSkipReason; readonly message: string }
  /** Not allowed now (quiet hours in the customer's time zone): call `perform` again at `until`. */
  | { readonly status: 'deferred'; readonly until: Date; readonly reason: 'quiet-hours' }
  /** Gave up after the channel's own retries; `message` says why in words. */
  | { readonly status: 'failed'; readonly message: string };

export interface ActionRequest {
  readonly action: StepAction;
  readonly context: ActionContext;
}

export interface ActionPerformer {
  perform(action: StepAction, context: ActionContext): Promise<ActionOutcome>;
  /** Many actions of one step batch at once (bulk claims and writes); outcomes in input order, same guarantees as `perform`. */
  performMany(requests: readonly ActionRequest[]): Promise<ActionOutcome[]>;
}

/** Nest injection token: ChannelsModule provides it, RuntimeModule injects it. */
export const ACTION_PERFORMER = Symbol('ACTION_PERFORMER');
