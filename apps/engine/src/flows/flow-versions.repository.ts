// Reads and writes flow_versions. Published versions are immutable: every write here refuses them
// (and a trigger in the database refuses them too). The runtime's enrollments point at a version
// id, never at the flow, so customers stay on the version they entered with.
import { Injectable } from '@nestjs/common';
import type { FlowDefinition } from '@retain/rules';
import { PrismaService } from '../database/prisma.service';
import { Prisma } from '../generated/prisma/client';
import type { FlowVersion } from '../generated/prisma/client';
import { definitionChecksum } from './flow-definition';
import { publishedVersionImmutable } from './exceptions/flow-errors';

type Db = Prisma.TransactionClient | PrismaService;

@Injectable()
export class FlowVersionsRepository {
  constructor(private readonly prisma: PrismaService) {}

  findDraft(flowId: number, db: Db = this.prisma): Promise<FlowVersion | null> {
    return db.flowVersion.findFirst({ where: { flowId, state: 'draft' } });
  }

  findById(id: number, db: Db = this.prisma): Promise<FlowVersion | null> {
    return db.flowVersion.findUnique({ where: { id } });
  }

  findByNumber(flowId: number, version: number): Promise<FlowVersion | null> {
    return this.prisma.flowVersion.findUnique({ where: { flowId_version: { flowId, version } } });
  }

  list(flowId: number) {
    return this.prisma.flowVersion.findMany({
      where: { flowId },
      orderBy: { version: 'desc' },
      select: { id: true, version: true, state: true, checksum: true, createdById: true, createdAt: true, updatedById: true, updatedAt: true, publishedById: true, publishedAt: true },
    });
  }

  /** A new draft numbered after every existing version (the caller holds the flow's row lock). */
  async createDraft(db: Prisma.TransactionClient, flowId: number, definition: FlowDefinition, userId: number | null): Promise<FlowVersion> {
    const latest = await db.flowVersion.aggregate({ where: { flowId }, _max: { version: true } });
    return db.flowVersion.create({
      data: {
        flowId,
        version: (latest._max.version ?? 0) + 1,
        state: 'draft',
        definition: definition as Prisma.InputJsonValue,
        checksum: definitionChecksum(definition),
        createdById: userId,
        updatedById: userId,
      },
    });
  }

  async updateDraft(db: Prisma.TransactionClient, version: FlowVersion, definition: FlowDefinition, userId: number | null): Promise<FlowVersion> {
    if (version.state !== 'draft') throw publishedVersionImmutable(version.version);
    return db.flowVersion.update({
      where: { id: version.id },
      data: { definition: definition as Prisma.InputJsonValue, checksum: definitionChecksum(definition), updatedById: userId, updatedAt: new Date() },
    });
  }

  async publish(db: Prisma.TransactionClient, version: FlowVersion, userId: number | null): Promise<FlowVersion> {
    if (version.state !== 'draft') throw publishedVersionImmutable(version.version);
    return db.flowVersion.update({ where: { id: version.id }, data: { state: 'published', publishedById: userId, publishedAt: new Date() } });
  }
}
