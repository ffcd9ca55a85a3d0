// Deterministic A/B/n assignment: the same customer always lands in the same arm of an
// experiment, on any worker, after any restart, in Node or in the browser.
import { murmur3 } from './murmur3';

export interface WeightedVariant {
  readonly id: string;
  readonly weight: number;
}

const TWO_POW_32 = 4_294_967_296;

/**
 * The hash input. The key's length goes first so that ("a:b", "c") and ("a", "b:c") differ.
 */
export function assignmentHashInput(experimentKey: string, customerId: string): string {
  return `${experimentKey.length}:${experimentKey}:${customerId}`;
}

/**
 * A point in [0, 1) for (experiment, customer): murmur3 of the hash input over 2^32. Stable, and
 * independent of the weights, so changing weights moves only the customers whose point crosses a
 * boundary of the cumulative weights.
 */
export function assignmentPoint(experimentKey: string, customerId: string): number {
  return murmur3(assignmentHashInput(experimentKey, customerId)) / TWO_POW_32;
}

/**
 * The arm for a customer: walk the cumulative weights (in the order given) until they pass
 * point × total weight. Weights need not add up to 100 here (validateFlow insists on it); an arm of
 * weight 0 never receives anyone.
 */
export function assignVariant<Variant extends WeightedVariant>(experimentKey: string, customerId: string, variants: readonly Variant[]): Variant {
  const total = variants.reduce((sum, variant) => sum + (variant.weight > 0 ? variant.weight : 0), 0);
  if (!(total > 0) || !Number.isFinite(total)) throw new RangeError(`Experiment "${experimentKey}" has no arm with a positive weight`);
  const target = assignmentPoint(experimentKey, customerId) * total;
  let cumulative = 0;
  let last: Variant | undefined;
  for (const variant of variants) {
    if (!(variant.weight > 0)) continue;
    cumulative += variant.weight;
    last = variant;
    if (target < cumulative) return variant;
  }
  return last!; // rounding can leave target a hair above the final cumulative sum
}
