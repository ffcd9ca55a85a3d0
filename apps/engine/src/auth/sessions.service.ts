import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain-error';
import { ENV } from '../config/config.module';
import type { Env } from '../config/env';
import { PrismaService } from '../database/prisma.service';
import { Role } from '../generated/prisma/enums';
import { verifyPassword } from './passwords';
import type { Principal } from './principal';

interface SessionClaims {
  sub: number;
  role: Role;
}

/** Password login issuing signed session tokens (JWT, HS256); the user is re-read on every request. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly jwt: JwtService,
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    @Inject(ENV) private readonly env: Env,
  ) {}

  async login(email: string, password: string) {
    const user = await this.prisma.user.findUnique({ where: { email: email.trim().toLowerCase() } });
    const ok = user && !user.disabledAt && (await verifyPassword(user.passwordHash, password));
    if (!user || !ok) {
      throw new DomainError('INVALID_CREDENTIALS', 'The email or password is wrong, or the account is disabled.');
    }
    const expiresInSeconds = Math.round(this.env.SESSION_TTL_HOURS * 3600);
    const token = await this.jwt.signAsync({ sub: user.id, role: user.role } satisfies SessionClaims, { expiresIn: expiresInSeconds });
    await this.audit.record({ kind: 'user', userId: user.id, email: user.email, role: user.role }, { action: 'user.login', targetType: 'user', targetId: user.id });
    return {
      token,
      expiresAt: new Date(Date.now() + expiresInSeconds * 1000),
      user: { id: user.id, email: user.email, name: user.name, role: user.role },
    };
  }

  /** The principal for a session token, or null when it is invalid, expired, or its user is disabled. */
  async verify(token: string): Promise<Principal | null> {
    let claims: SessionClaims;
    try {
      claims = await this.jwt.verifyAsync<SessionClaims>(token);
    } catch {
      return null;
    }
    const user = await this.prisma.user.findUnique({ where: { id: claims.sub }, select: { id: true, email: true, role: true, disabledAt: true } });
    if (!user || user.disabledAt) return null;
    return { kind: 'user', userId: user.id, email: user.email, role: user.role };
  }
}
