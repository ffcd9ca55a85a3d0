// The shape of an enrollment while the runtime steps it, and of what one run of it produces.
// `advanceEnrollment` turns the first into the second; the step runner reads and writes the rows.

export type EnrollmentStatus = 'active' | 'waiting' | 'completed' | 'exited' | 'failed';

export type WaitState =
  /** A duration wait: at `until`, go on to `then`. */
  | { kind: 'duration'; until: string; then: string }
  /** Waiting for an event: `onEvent` when it comes (resumeWaitingForEvent), `onTimeout` at `timeoutAt`. */
  | { kind: 'event'; eventName: string; timeoutAt: string; onEvent: string; onTimeout: string; since?: string }
  /** The event came (resumeWaitingForEvent): the next run goes on to `then` (and records it there). */
  | { kind: 'resumed'; eventName: string; then: string };

export interface GoalState {
  eventName: string;
  deadline: string;
  /** When the customer reached the goal step: only an event from then on counts (absent on rows from before it was kept). */
  since?: string;
  reachedAt?: string;
}

/** An unfinished enrollment as claimed from the database. */
export interface ClaimedEnrollment {
  id: string;
  flowId: number;
  flowVersionId: number;
  customerId: number;
  status: 'active' | 'waiting';
  currentNodeId: string;
  wait: WaitState | null;
  goal: GoalState | null;
  variants: Record<string, string>;
  path: string[];
  attempts: number;
}

export type OutcomeKind =
  | 'entered'
  | 'sent'
  | 'duplicate'
  | 'skipped'
  | 'deferred'
  | 'failed'
  | 'waiting'
  | 'resumed'
  | 'timed-out'
  | 'goal-reached'
  | 'goal-missed'
  | 'completed'
  | 'exited';

export interface OutcomeRecord {
  enrollmentId: string;
  flowId: number;
  flowVersionId: number;
  customerId: number;
  nodeId: string;
  kind: OutcomeKind;
  variantId: string | null;
  experimentKey: string | null;
  occurredAt: Date;
  detail: Record<string, unknown> | null;
}

/** The enrollment's columns after a run (written back in bulk). */
export interface EnrollmentUpdate {
  id: string;
  status: EnrollmentStatus;
  currentNodeId: string;
  nextDueAt: Date | null;
  wait: WaitState | null;
  waitEventName: string | null;
  goal: GoalState | null;
  variants: Record<string, string>;
  path: string[];
  finishedAt: Date | null;
  attempts: number;
  lastError: string | null;
}

export const UNFINISHED: readonly EnrollmentStatus[] = ['active', 'waiting'];
