// A promoted arm takes every new entrant: the runtime passes these variants to assignVariant, which
// skips arms of weight 0. Customers already assigned keep their arm (their enrollment has moved on).

export interface PromotionDecision {
  readonly variantId: string;
}

/** The variants as they should split new entrants: unchanged without a decision, all weight on the winner with one. */
export function effectiveVariants<Variant extends { id: string; weight: number }>(variants: readonly Variant[], decision: PromotionDecision | null | undefined): Variant[] {
  if (!decision) return [...variants];
  if (!variants.some((variant) => variant.id === decision.variantId)) return [...variants]; // the arm no longer exists in this version
  return variants.map((variant) => ({ ...variant, weight: variant.id === decision.variantId ? 100 : 0 }));
}
