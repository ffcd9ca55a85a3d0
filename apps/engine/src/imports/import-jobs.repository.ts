import { Injectable } from '@nestjs/common';
import { notFound } from '../common/errors/domain-error';
import { PrismaService } from '../database/prisma.service';
import type { Prisma } from '../generated/prisma/client';
import type { ImportKind, ImportMode, ImportReport } from './import-types';

export interface NewImportJob {
  kind: ImportKind;
  fileName: string;
  mode: ImportMode;
  createdById: number | null;
  summary: Record<string, unknown>;
}

/** The import_jobs table: one row per import, written at the start and completed at the end. */
@Injectable()
export class ImportJobsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async start(job: NewImportJob): Promise<number> {
    const created = await this.prisma.importJob.create({
      data: { kind: job.kind, fileName: job.fileName, mode: job.mode, status: 'running', createdById: job.createdById, summary: job.summary as Prisma.InputJsonValue },
      select: { id: true },
    });
    return created.id;
  }

  async finish(report: ImportReport, summary: Record<string, unknown>): Promise<void> {
    await this.prisma.importJob.update({
      where: { id: report.jobId },
      data: {
        status: report.status,
        linesRead: report.linesRead,
        inserted: report.inserted,
        updated: report.updated,
        unchanged: report.unchanged,
        skipped: report.skipped,
        rejected: report.rejected,
        problemCount: report.problemCount,
        problems: report.problems as unknown as Prisma.InputJsonValue,
        summary: {
          ...summary,
          skippedReasons: report.skippedReasons,
          notes: report.notes,
          customersCreated: report.customersCreated,
          durationMs: report.durationMs,
          rowsPerSecond: report.rowsPerSecond,
        } as unknown as Prisma.InputJsonValue,
        message: report.message,
        finishedAt: new Date(),
      },
    });
  }

  async fail(jobId: number, message: string): Promise<void> {
    await this.prisma.importJob.update({ where: { id: jobId }, data: { status: 'failed', message, finishedAt: new Date() } });
  }

  list(limit: number, before?: number) {
    return this.prisma.importJob.findMany({
      where: before ? { id: { lt: before } } : undefined,
      orderBy: { id: 'desc' },
      take: limit,
      // The problem list can be long: the detail route has it.
      omit: { problems: true },
    });
  }

  async get(id: number) {
    const job = await this.prisma.importJob.findUnique({ where: { id } });
    if (!job) throw notFound('Import', id);
    return job;
  }

  /** The last import of a file that stored its data (the demo loader asks this). */
  lastSuccessful(kind: ImportKind, fileName: string) {
    return this.prisma.importJob.findFirst({ where: { kind, fileName, status: { in: ['succeeded', 'partial'] } }, orderBy: { id: 'desc' } });
  }
}
