// Splitting entrants into the treated, the flow's holdout and the global control group. The
// assignment itself is libs/rules' (the A/B hash); this reads the percent off the published version.
import { isInGlobalControl, isInHoldout, MAX_HOLDOUT_PERCENT, type FlowDefinition } from '@retain/rules';

/** The trigger's holdoutPercent; a trigger without one (flows from before holdouts) holds out nobody. */
export function holdoutPercentOf(definition: FlowDefinition): number {
  const trigger = Array.isArray(definition?.nodes) ? definition.nodes.find((node) => node.type === 'trigger') : undefined;
  const percent = trigger?.type === 'trigger' ? Number(trigger.data?.holdoutPercent ?? 0) : 0;
  return Number.isFinite(percent) ? Math.min(Math.max(percent, 0), MAX_HOLDOUT_PERCENT) : 0;
}

export interface EntrantSplit {
  /** Go through the journey. */
  treated: number[];
  /** Enrolled as held-out: counted, never stepped. */
  heldOut: number[];
  /** In the global control group: not enrolled at all. */
  globalControl: number[];
}

export function splitEntrants(flowId: number, customerIds: readonly number[], holdoutPercent: number, globalControlPercent: number): EntrantSplit {
  const split: EntrantSplit = { treated: [], heldOut: [], globalControl: [] };
  for (const id of customerIds) {
    if (isInGlobalControl(id, globalControlPercent)) split.globalControl.push(id);
    else if (isInHoldout(flowId, id, holdoutPercent)) split.heldOut.push(id);
    else split.treated.push(id);
  }
  return split;
}
