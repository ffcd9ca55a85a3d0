import type { Principal } from '../api/types';

/** Marketers and admins change journeys; analysts (and API keys in the builder) only look. */
export function canEditFlows(principal: Principal): boolean {
  return principal.kind === 'user' && (principal.role === 'admin' || principal.role === 'marketer');
}
