import { useAuth } from '../auth/AuthContext';
import type { Principal } from '../api/types';

/**
 * What the signed-in person may change, mirroring the engine's access rules (access.decorator.ts):
 * admins and marketers change segments and train models; only admins manage users and keys.
 * Screens hide controls with this; the engine refuses the calls anyway.
 */
export interface Permissions {
  canEditSegments: boolean;
  canTrainModels: boolean;
  isAdmin: boolean;
}

const NONE: Permissions = { canEditSegments: false, canTrainModels: false, isAdmin: false };

export function permissionsOf(principal: Principal | null): Permissions {
  if (!principal || principal.kind !== 'user') return NONE;
  const writer = principal.role === 'admin' || principal.role === 'marketer';
  return { canEditSegments: writer, canTrainModels: writer, isAdmin: principal.role === 'admin' };
}

export function usePermissions(): Permissions {
  const { state } = useAuth();
  return permissionsOf(state.status === 'signed-in' ? state.principal : null);
}
