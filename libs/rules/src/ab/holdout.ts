// Who a flow leaves alone: its holdout, and the global control group no flow touches. Both use the
// A/B assignment hash, so a customer's place is the same on every worker and after every restart.
import { assignmentPoint } from './assign-variant';

/** The hash key of a flow's holdout: a flow's holdout is independent of its A/B splits and of other flows. */
export function holdoutKey(flowId: number | string): string {
  return `holdout:flow-${flowId}`;
}

/** The hash key of the global control group: one for the whole installation. */
export const GLOBAL_CONTROL_KEY = 'global-control';

/** True when the customer's point for `key` falls below `percent` %. 0 % holds out nobody. */
function inShare(key: string, customerId: number | string, percent: number): boolean {
  if (!(percent > 0)) return false;
  return assignmentPoint(key, String(customerId)) * 100 < percent;
}

/** Whether this customer is in the flow's holdout of `percent` %. */
export function isInHoldout(flowId: number | string, customerId: number | string, percent: number): boolean {
  return inShare(holdoutKey(flowId), customerId, percent);
}

/** Whether this customer is in the global control group of `percent` % (no flow enrolls them). */
export function isInGlobalControl(customerId: number | string, percent: number): boolean {
  return inShare(GLOBAL_CONTROL_KEY, customerId, percent);
}
