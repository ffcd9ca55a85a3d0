import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { DomainError, notFound } from '../common/errors/domain-error';
import { PrismaService } from '../database/prisma.service';
import { Role } from '../generated/prisma/enums';
import { assertPasswordStrength, hashPassword } from './passwords';
import type { Principal } from './principal';

export interface NewUser {
  email: string;
  name?: string;
  role: Role;
  password: string;
}

export interface UserChange {
  name?: string;
  role?: Role;
  password?: string;
  disabled?: boolean;
}

const publicFields = { id: true, email: true, name: true, role: true, createdAt: true, updatedAt: true, disabledAt: true } as const;

@Injectable()
export class UsersService {
  constructor(private readonly prisma: PrismaService, private readonly audit: AuditService) {}

  async create(actor: Principal | undefined, input: NewUser) {
    assertPasswordStrength(input.password);
    const email = input.email.trim().toLowerCase();
    if (await this.prisma.user.findUnique({ where: { email } })) {
      throw new DomainError('CONFLICT', `A user with the email ${email} already exists.`);
    }
    const passwordHash = await hashPassword(input.password);
    return this.prisma.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email, name: input.name ?? null, role: input.role, passwordHash }, select: publicFields });
      await this.audit.record(actor, { action: 'user.created', targetType: 'user', targetId: user.id, details: { email, role: input.role } }, tx);
      return user;
    });
  }

  list() {
    return this.prisma.user.findMany({ select: publicFields, orderBy: { id: 'asc' } });
  }

  async get(id: number) {
    const user = await this.prisma.user.findUnique({ where: { id }, select: publicFields });
    if (!user) throw notFound('User', id);
    return user;
  }

  async update(actor: Principal | undefined, id: number, change: UserChange) {
    const current = await this.get(id);
    if (actor?.kind === 'user' && actor.userId === id && (change.disabled || (change.role && change.role !== 'admin'))) {
      throw new DomainError('CONFLICT', 'You cannot disable yourself or remove your own admin role; ask another admin.');
    }
    if (change.password !== undefined) assertPasswordStrength(change.password);
    const passwordHash = change.password !== undefined ? await hashPassword(change.password) : undefined;
    return this.prisma.$transaction(async (tx) => {
      const user = await tx.user.update({
        where: { id },
        data: {
          name: change.name,
          role: change.role,
          passwordHash,
          disabledAt: change.disabled === undefined ? undefined : change.disabled ? (current.disabledAt ?? new Date()) : null,
        },
        select: publicFields,
      });
      const changed = Object.keys(change).filter((k) => change[k as keyof UserChange] !== undefined);
      await this.audit.record(
        actor,
        { action: 'user.updated', targetType: 'user', targetId: id, details: { changed, ...(change.role ? { role: change.role } : {}), ...(change.disabled !== undefined ? { disabled: change.disabled } : {}) } },
        tx,
      );
      return user;
    });
  }

  count() {
    return this.prisma.user.count();
  }
}
