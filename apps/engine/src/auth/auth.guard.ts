import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../common/errors/domain-error';
import { ACCESS_KEY, AccessRule, PUBLIC_KEY } from './access.decorator';
import { ApiKeysService } from './api-keys.service';
import type { AuthenticatedRequest, Principal } from './principal';
import { SessionsService } from './sessions.service';

/**
 * Guards every route (registered globally). Credentials, in order:
 * - `Authorization: Bearer <session token>` from POST /api/auth/login;
 * - `Authorization: Bearer rk_...` an API key;
 * - `Authorization: Basic base64(<write key>:)` an API key as Segment sources send it.
 * A route without an access rule is refused: forgetting one must never open it.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.authenticate(request.headers.authorization);
    if (!principal) {
      throw new DomainError('UNAUTHENTICATED', 'Sign in, or send an API key: Authorization: Bearer <token or key>, or Basic auth with the write key as user name.');
    }
    request.principal = principal;
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, targets);
    if (!rule) throw new DomainError('FORBIDDEN', 'This route has no access rule, so nobody may call it.');
    if (principal.kind === 'user' && !rule.roles.includes(principal.role)) {
      throw new DomainError('FORBIDDEN', `Your role (${principal.role}) may not do this; it needs ${describe(rule.roles, 'role')}.`);
    }
    if (principal.kind === 'apiKey' && !principal.scopes.some((s) => rule.scopes.includes(s))) {
      throw new DomainError('FORBIDDEN', `This API key (scopes: ${principal.scopes.join(', ') || 'none'}) may not do this; it needs ${describe(rule.scopes, 'scope')}.`);
    }
    return true;
  }

  private async authenticate(header: string | undefined): Promise<Principal | null> {
    if (!header) return null;
    const [scheme, value = ''] = header.trim().split(/\s+/, 2);
    if (/^bearer$/i.test(scheme)) {
      return value.startsWith('rk_') ? this.apiKeys.verify(value) : this.sessions.verify(value);
    }
    if (/^basic$/i.test(scheme)) {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const writeKey = decoded.includes(':') ? decoded.slice(0, decoded.indexOf(':')) : decoded;
      return this.apiKeys.verify(writeKey);
    }
    return null;
  }
}

function describe(items: readonly string[], noun: string): string {
  if (items.length === 0) return `a different kind of credential (no ${noun} is allowed)`;
  return `${noun} ${items.join(' or ')}`;
}
