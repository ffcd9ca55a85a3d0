/** One trained candidate, measured on the run's held-out rows. */
export interface CandidateResult {
  modelVersionId: number;
  algorithm: string;
  auc: number;
}

export interface ActiveModelResult {
  modelVersionId: number;
  /** ROC AUC of the active model on the same held-out rows, or its stored AUC when it cannot score them. */
  auc: number;
  sameRows: boolean;
}

export interface ActivationDecision {
  activate: CandidateResult | null;
  reason: string;
}

const f3 = (auc: number) => auc.toFixed(3);

/**
 * The better candidate (higher held-out ROC AUC; the first listed on a tie) replaces the active
 * model only when it is strictly better: retraining on the same data must not churn model versions.
 */
export function decideActivation(candidates: readonly CandidateResult[], active: ActiveModelResult | null): ActivationDecision {
  if (candidates.length === 0) return { activate: null, reason: 'no candidate was trained' };
  const best = candidates.reduce((a, b) => (b.auc > a.auc ? b : a));
  const others = candidates.filter((c) => c !== best).map((c) => `${c.algorithm} ${f3(c.auc)}`);
  const versus = others.length ? ` (beat ${others.join(', ')})` : '';
  if (!active) return { activate: best, reason: `${best.algorithm} has held-out ROC AUC ${f3(best.auc)}${versus}; there was no active model` };
  const where = active.sameRows ? 'on the same held-out rows' : 'as stored (it cannot score these rows)';
  if (best.auc > active.auc) return { activate: best, reason: `${best.algorithm} has held-out ROC AUC ${f3(best.auc)}${versus}, above the active model's ${f3(active.auc)} ${where}` };
  return { activate: null, reason: `the best candidate, ${best.algorithm} at ${f3(best.auc)}, does not beat the active model's ${f3(active.auc)} ${where}; it stays active` };
}
