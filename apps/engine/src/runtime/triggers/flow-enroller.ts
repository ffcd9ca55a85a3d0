// The part of the runtime's EnrollmentsService the triggers call, as an injection token so the
// triggers depend on what they use (the runtime module provides the real service under it).
import type { PoolClient } from 'pg';

export type EnrollmentSource = 'segment-entered' | 'event' | 'schedule' | 'manual';

export interface EnrollRequest {
  flowId: number;
  customerIds: readonly number[];
  source: EnrollmentSource;
  at?: Date;
}

export type EnrollSkipReason = 'not-active' | 're-entry' | 'already-enrolled' | 'unknown-customer' | 'global-control';

export interface EnrollResult {
  enrolled: number;
  skipped: { customerId: number; reason: EnrollSkipReason }[];
}

export interface FlowEnroller {
  enroll(request: EnrollRequest): Promise<EnrollResult>;
  /** Enrollments waiting for this event go on along their `event` handle; returns how many. */
  resumeWaitingForEvent(customerId: number, eventName: string, at: Date): Promise<number>;
  /** Enrollments at a goal for this event reach it if before the deadline; returns how many. */
  recordGoalEvent(customerId: number, eventName: string, at: Date): Promise<number>;
}

export const FLOW_ENROLLER = Symbol('FLOW_ENROLLER');

/** Customers per enroll call: one bulk insert each, large enough to amortize, small enough to stay quick. */
export const ENROLL_CHUNK = 5_000;

/** Enrolls many customers in chunks; sums what the chunks report. */
export async function enrollInChunks(enroller: FlowEnroller, request: EnrollRequest): Promise<EnrollResult> {
  const total: EnrollResult = { enrolled: 0, skipped: [] };
  for (let start = 0; start < request.customerIds.length; start += ENROLL_CHUNK) {
    const result = await enroller.enroll({ ...request, customerIds: request.customerIds.slice(start, start + ENROLL_CHUNK) });
    total.enrolled += result.enrolled;
    for (const skip of result.skipped) total.skipped.push(skip);
  }
  return total;
}

/**
 * What the event dispatcher needs on top: the same three operations inside its own transaction
 * (the one that deletes the outbox rows), and the step jobs enqueued after that commits.
 */
export interface TransactionalFlowEnroller extends FlowEnroller {
  enrollOn(client: PoolClient, request: EnrollRequest, options?: { explainSkips?: boolean }): Promise<{ result: EnrollResult; enrolledIds: string[] }>;
  resumeOn(client: PoolClient, customerId: number, eventName: string, at: Date): Promise<string[]>;
  recordGoalOn(client: PoolClient, customerId: number, eventName: string, at: Date): Promise<number>;
  enqueueSteps(ids: readonly string[]): Promise<void>;
}
