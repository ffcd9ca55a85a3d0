import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import { Prisma } from '../generated/prisma/client';
import { actorOf, Principal } from '../auth/principal';

export interface AuditEntry {
  action: string;
  targetType?: string;
  targetId?: string | number;
  details?: Record<string, unknown>;
}

type Db = Pick<PrismaService, 'auditLog'> | Prisma.TransactionClient;

/** Appends to the audit log; pass the transaction client so the entry commits with the change. */
@Injectable()
export class AuditService {
  constructor(private readonly prisma: PrismaService) {}

  async record(principal: Principal | undefined, entry: AuditEntry, db: Db = this.prisma): Promise<void> {
    await db.auditLog.create({
      data: {
        ...actorOf(principal),
        action: entry.action,
        targetType: entry.targetType ?? null,
        targetId: entry.targetId === undefined ? null : String(entry.targetId),
        details: (entry.details ?? {}) as Prisma.InputJsonValue,
      },
    });
  }

  list(limit: number, before?: bigint) {
    return this.prisma.auditLog.findMany({
      where: before ? { id: { lt: before } } : undefined,
      orderBy: { id: 'desc' },
      take: limit,
    });
  }
}
