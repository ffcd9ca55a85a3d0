import type { Request } from 'express';
import { Role } from '../generated/prisma/enums';
import type { ApiKeyScope } from './access.decorator';

export type Principal =
  | { kind: 'user'; userId: number; email: string; role: Role }
  | { kind: 'apiKey'; keyId: number; name: string; scopes: ApiKeyScope[] };

export interface AuthenticatedRequest extends Request {
  principal?: Principal;
}

/** How the audit log names whoever did something. */
export function actorOf(principal: Principal | undefined): { actorType: string; actorId: string | null } {
  if (!principal) return { actorType: 'system', actorId: null };
  return principal.kind === 'user'
    ? { actorType: 'user', actorId: String(principal.userId) }
    : { actorType: 'apiKey', actorId: String(principal.keyId) };
}
