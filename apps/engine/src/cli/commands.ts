import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { AuditService } from '../audit/audit.service';
import { UsersService } from '../auth/users.service';
import { DomainError } from '../common/errors/domain-error';
import { parseInput } from '../common/validation/parse';
import type { Env } from '../config/env';
import { migrate } from '../database/migrator';
import { openDatabase } from '../database/open-database';
import { PrismaService } from '../database/prisma.service';
import { ImportJobsRepository } from '../imports/import-jobs.repository';
import type { ImportReport } from '../imports/import-types';
import { ImportService } from '../imports/import.service';
import { importOptionsShape } from '../imports/imports.schemas';
import { mappingSchema } from '../imports/mapping';
import type { Command } from './arguments';
import { UsageError } from './arguments';
import { progressDisplay } from './progress-display';
import { runReplayCommand } from './replay-command';

type Out = (line: string) => void;

export interface CommandIo {
  /** Progress of the database start and migrations. */
  log: Out;
  out: Out;
  err: Out;
}

/** Opens the database as the server does (migrating it), and the services a command needs: no HTTP, no Nest container. */
async function withDatabase<T>(env: Env, log: Out, work: (prisma: PrismaService, url: string) => Promise<T>): Promise<T> {
  const database = await openDatabase(env, log);
  const prisma = new PrismaService(database.url);
  try {
    return await work(prisma, database.url);
  } finally {
    await prisma.onModuleDestroy();
    await database.close();
  }
}

/** Runs a command; returns the exit code. */
export async function runCommand(command: Exclude<Command, { command: 'help' }>, env: Env, { log, out, err }: CommandIo): Promise<number> {
  switch (command.command) {
    case 'migrate':
      return withDatabase(env, log, async (_prisma, url) => {
        const result = await migrate(url);
        out(`The database is up to date (${result.alreadyApplied + result.applied.length} migrations).`);
        return 0;
      });
    case 'create-user': {
      if (!command.password) throw new UsageError('give --password, or set RETAIN_NEW_USER_PASSWORD');
      return withDatabase(env, log, async (prisma) => {
        const users = new UsersService(prisma, new AuditService(prisma));
        const user = await users.create(undefined, { email: command.email, role: command.role, name: command.name, password: command.password! });
        out(`Created ${user.role} ${user.email} (id ${user.id}).`);
        return 0;
      });
    }
    case 'import': {
      const options = parseOptions({ timeZone: command.timeZone, currency: command.currency, dateFormat: command.dateFormat });
      if (!existsSync(command.file)) throw new DomainError('NOT_FOUND', `There is no file ${command.file}.`);
      const mapping = command.mappingFile ? await readMapping(command.mappingFile, command.kind) : undefined;
      return withDatabase(env, log, async (prisma) => {
        const service = new ImportService(prisma, new ImportJobsRepository(prisma));
        const display = progressDisplay(`Importing ${command.file}`);
        let report: ImportReport;
        try {
          report = await service.run({
            kind: command.kind,
            filePath: command.file,
            mode: command.mode,
            preset: command.preset,
            mapping,
            options,
            actor: { userId: null, label: 'cli' },
            onProgress: (p) => display.update(p),
          });
        } finally {
          display.done();
        }
        printReport(report, out, err);
        return report.status === 'rejected' ? 1 : 0;
      });
    }
    case 'replay':
      return runReplayCommand(env, { from: command.from, flowId: command.flowId }, log, out);
  }
}

function parseOptions(raw: { timeZone?: string; currency?: string; dateFormat?: string }) {
  try {
    return parseInput(z.object({ timeZone: importOptionsShape.timeZone, currency: importOptionsShape.currency, dateFormat: importOptionsShape.dateFormat }), raw, 'options');
  } catch (error) {
    throw new UsageError(error instanceof DomainError ? error.details.map((d) => d.message).join('; ') : String(error));
  }
}

async function readMapping(file: string, kind: Command & { command: 'import' } extends { kind: infer K } ? K : never) {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new DomainError('VALIDATION_FAILED', `The mapping file ${file} is not readable JSON: ${(error as Error).message}`);
  }
  return parseInput(mappingSchema(kind), json, `mapping in ${file}`);
}

const SHOWN_PROBLEMS = 20;

export function printReport(report: ImportReport, out: Out, err: Out): void {
  out(`Import ${report.jobId} ${report.status} in ${(report.durationMs / 1000).toFixed(1)} s (${report.rowsPerSecond.toLocaleString('en-GB')} rows/s).`);
  out(report.message);
  if (report.problems.length) {
    err(`Problems (${report.problemCount}${report.problemCount > SHOWN_PROBLEMS ? `, first ${SHOWN_PROBLEMS}` : ''}):`);
    for (const problem of report.problems.slice(0, SHOWN_PROBLEMS)) err(`  ${problem.message}`);
  }
}
