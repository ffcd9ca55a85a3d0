import { Injectable, Logger, Optional } from '@nestjs/common';
import { ChangedCustomersNotifier } from '../events/changed-customers-notifier';
import path from 'node:path';
import type { PoolClient } from 'pg';
import { DomainError } from '../common/errors/domain-error';
import { PrismaService } from '../database/prisma.service';
import { CustomerRow, CustomerRowMapper } from './customer-rows';
import { CustomersWriter } from './customers-writer';
import { CsvSource, openCsvSource } from './csv-source';
import { ImportJobsRepository } from './import-jobs.repository';
import type { ImportKind, ImportMode, ImportOptions, ImportProgress, ImportReport, ImportStatus } from './import-types';
import { assertMappingComplete, ColumnMapping, resolveMapping } from './mapping';
import { DEFAULT_OPTIONS, ImportPreset, PresetName, PRESETS } from './presets';
import { ProblemCollector } from './problem-collector';
import type { RowOutcome } from './row-outcome';
import { TransactionRow, TransactionRowMapper } from './transaction-rows';
import { CustomerIdCache, TransactionsWriter } from './transactions-writer';

export interface ImportActor {
  /** The user who started it (null for the CLI, the demo loader, or an API key). */
  userId: number | null;
  /** How the job names who started it: "user 3", "apiKey 7", "cli", "demo". */
  label: string;
}

export interface ImportRequest {
  kind: ImportKind;
  filePath: string;
  /** The name to record and show (an upload's original name); the file's base name by default. */
  fileName?: string;
  mode: ImportMode;
  preset?: PresetName;
  /** Field -> CSV header; overrides the preset's mapping. */
  mapping?: ColumnMapping;
  options?: Partial<ImportOptions>;
  actor: ImportActor;
  onProgress?: (progress: ImportProgress) => void;
}

/** Rows per INSERT: large enough to amortize a round trip, small enough to keep memory flat. */
export const BATCH_SIZE = 5000;

interface Counters {
  inserted: number;
  updated: number;
  unchanged: number;
}

interface RowMapper<Row> {
  map(record: readonly string[], line: number): RowOutcome<Row>;
}

interface RowWriter<Row> {
  write(rows: Row[], counters: Counters): Promise<void>;
  customersCreated(): number;
}

/**
 * Writers working at once in skip-and-report mode, each on its own connection: PostgreSQL inserts
 * on one core while the next batch is parsed on the other. All-or-nothing is one transaction, one connection.
 */
const PARALLEL_TRANSACTION_WRITERS = 2;

/**
 * Imports a CSV file of customers or transactions: streams it, maps and checks every row, stores
 * the good ones in batches (one transaction for all-or-nothing), and records the import job.
 */
@Injectable()
export class ImportService {
  private readonly logger = new Logger('Imports');

  constructor(
    private readonly prisma: PrismaService,
    private readonly jobs: ImportJobsRepository,
    @Optional() private readonly changedCustomers?: ChangedCustomersNotifier,
  ) {}

  async run(request: ImportRequest): Promise<ImportReport> {
    const preset = request.preset ? PRESETS[request.preset] : undefined;
    if (preset && preset.kind !== request.kind) {
      throw new DomainError('VALIDATION_FAILED', `The ${request.preset} preset imports ${preset.kind}, not ${request.kind}.`, [{ path: 'preset', message: `preset: imports ${preset.kind}` }]);
    }
    const mapping: ColumnMapping = { ...(preset?.mapping ?? {}), ...(request.mapping ?? {}) };
    if (!preset && !request.mapping) {
      throw new DomainError('VALIDATION_FAILED', `Give a preset (online-retail, telco) or a mapping of ${request.kind} fields to CSV headers.`, [{ path: 'mapping', message: 'mapping: required without a preset' }]);
    }
    assertMappingComplete(request.kind, mapping);
    const options: ImportOptions = { ...DEFAULT_OPTIONS, ...(preset?.options ?? {}), ...definedOnly(request.options ?? {}) };
    const fileName = request.fileName ?? path.basename(request.filePath);
    const summary = { preset: request.preset ?? null, mapping, options, by: request.actor.label };

    const jobId = await this.jobs.start({ kind: request.kind, fileName, mode: request.mode, createdById: request.actor.userId, summary });
    let source: CsvSource | undefined;
    try {
      source = await openCsvSource(request.filePath, fileName);
      const resolved = resolveMapping(mapping, source.headers, fileName);
      const startedAt = await this.databaseNow();
      const report = await this.importRows(jobId, request, fileName, source, preset, resolved, options);
      await this.jobs.finish(report, summary);
      if (report.inserted + report.updated > 0) await this.announceChangedCustomers(request.kind, startedAt);
      return report;
    } catch (error) {
      const message = error instanceof DomainError ? error.message : `The import failed: ${(error as Error).message}`;
      if (!(error instanceof DomainError)) this.logger.error((error as Error).stack ?? message);
      await this.jobs.fail(jobId, message).catch(() => undefined);
      throw error;
    } finally {
      source?.close();
    }
  }

  private async databaseNow(): Promise<Date> {
    const [{ now }] = await this.prisma.$queryRaw<{ now: Date }[]>`SELECT now() AS now`;
    return now;
  }

  /** Tells segments and analytics which customers' data this import changed (after it committed). */
  private async announceChangedCustomers(kind: ImportKind, since: Date) {
    if (!this.changedCustomers) return;
    const rows =
      kind === 'transactions'
        ? await this.prisma.$queryRaw<{ id: number }[]>`SELECT DISTINCT customer_id AS id FROM transactions WHERE created_at >= ${since}`
        : await this.prisma.$queryRaw<{ id: number }[]>`SELECT id FROM customers WHERE updated_at >= ${since} OR created_at >= ${since}`;
    this.changedCustomers.add(rows.map((r) => r.id), 'import');
  }

  private async importRows(
    jobId: number,
    request: ImportRequest,
    fileName: string,
    source: CsvSource,
    preset: ImportPreset | undefined,
    resolved: Record<string, number>,
    options: ImportOptions,
  ): Promise<ImportReport> {
    const started = Date.now();
    const collector = new ProblemCollector();
    const counters: Counters = { inserted: 0, updated: 0, unchanged: 0 };
    const allOrNothing = request.mode === 'all-or-nothing';
    let linesRead = 0;
    const progress = (): ImportProgress => {
      const elapsedMs = Date.now() - started;
      return { bytesRead: source.bytesRead(), totalBytes: source.totalBytes, rows: linesRead, rowsPerSecond: Math.round(linesRead / Math.max(elapsedMs / 1000, 0.001)), elapsedMs };
    };

    const laneCount = request.kind === 'transactions' && !allOrNothing ? PARALLEL_TRANSACTION_WRITERS : 1;
    const clients: PoolClient[] = [];
    const broken = new Set<PoolClient>();
    try {
      for (let i = 0; i < laneCount; i++) clients.push(await this.prisma.pool.connect());
      const mapper = this.mapperFor(request.kind, resolved, source.headers, options, preset);
      const writers = this.writersFor(request.kind, clients);
      // An import is idempotent, so a crash losing its last commits is harmless: do not wait for each flush.
      for (const client of clients) await client.query('SET synchronous_commit = off');
      if (allOrNothing) await clients[0].query('BEGIN');
      // Each writer has at most one batch in flight; a failure is held until it is awaited.
      const writing: Promise<void>[] = writers.map(() => Promise.resolve());
      let writeError: unknown = null;
      let batchNumber = 0;
      for await (const batch of source.batches(BATCH_SIZE)) {
        const rows: unknown[] = [];
        for (const record of batch) {
          linesRead++;
          if (record.fields.length !== source.headers.length) {
            collector.badRow([{ line: record.line, message: `line ${record.line}: has ${record.fields.length} fields, the header has ${source.headers.length}` }]);
            continue;
          }
          const outcome = mapper.map(record.fields, record.line);
          if (outcome.kind === 'row') {
            rows.push(outcome.row);
            for (const note of outcome.notes ?? []) collector.note(note);
          } else if (outcome.kind === 'skip') collector.skip(outcome.reason);
          else collector.badRow(outcome.problems);
        }
        const lane = batchNumber++ % writers.length;
        await writing[lane];
        if (writeError) throw writeError;
        // All-or-nothing: after the first bad row nothing will be kept, but reading goes on to report every problem.
        if (rows.length && !(allOrNothing && collector.badRows > 0)) {
          writing[lane] = writers[lane].write(rows, counters).catch((error) => {
            writeError = error;
          });
        }
        request.onProgress?.(progress());
      }
      await Promise.all(writing);
      if (writeError) throw writeError;

      let status: ImportStatus = collector.badRows === 0 ? 'succeeded' : 'partial';
      if (allOrNothing) {
        if (collector.badRows > 0) {
          await clients[0].query('ROLLBACK');
          status = 'rejected';
          counters.inserted = counters.updated = counters.unchanged = 0;
        } else {
          await clients[0].query('COMMIT');
        }
      }
      const durationMs = Date.now() - started;
      request.onProgress?.(progress());
      const report: ImportReport = {
        jobId,
        kind: request.kind,
        fileName,
        mode: request.mode,
        status,
        linesRead,
        inserted: counters.inserted,
        updated: counters.updated,
        unchanged: counters.unchanged,
        skipped: collector.skipped,
        skippedReasons: collector.skippedReasons,
        rejected: collector.badRows,
        problemCount: collector.problemCount,
        problems: collector.problems,
        notes: collector.notes,
        customersCreated: status === 'rejected' ? 0 : writers[0].customersCreated(),
        durationMs,
        rowsPerSecond: Math.round(linesRead / Math.max(durationMs / 1000, 0.001)),
        message: '',
      };
      report.message = describeReport(report);
      return report;
    } catch (error) {
      if (allOrNothing && clients[0]) await clients[0].query('ROLLBACK').catch(() => broken.add(clients[0]));
      throw error;
    } finally {
      for (const client of clients) {
        if (!broken.has(client)) await client.query('RESET synchronous_commit').catch(() => broken.add(client));
        client.release(broken.has(client));
      }
    }
  }

  private mapperFor(kind: ImportKind, resolved: Record<string, number>, headers: string[], options: ImportOptions, preset: ImportPreset | undefined): RowMapper<unknown> {
    return kind === 'transactions' ? new TransactionRowMapper(resolved, headers, options) : new CustomerRowMapper(resolved, headers, options, preset?.attributes);
  }

  private writersFor(kind: ImportKind, clients: PoolClient[]): RowWriter<unknown>[] {
    if (kind === 'transactions') {
      const customers = new CustomerIdCache();
      return clients.map((client) => {
        const writer = new TransactionsWriter(client, customers);
        const lane: RowWriter<TransactionRow> = {
          write: async (rows, counters) => {
            const inserted = await writer.write(rows);
            counters.inserted += inserted;
            counters.unchanged += rows.length - inserted;
          },
          customersCreated: () => writer.customersCreated,
        };
        return lane as RowWriter<unknown>;
      });
    }
    const writer = new CustomersWriter(clients[0]);
    const lane: RowWriter<CustomerRow> = {
      write: async (rows, counters) => {
        const result = await writer.write(rows);
        counters.inserted += result.inserted;
        counters.updated += result.updated;
        counters.unchanged += result.unchanged;
      },
      customersCreated: () => 0,
    };
    return [lane as RowWriter<unknown>];
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const n = (value: number) => value.toLocaleString('en-GB');

/** One paragraph a user reads after an import. */
export function describeReport(report: ImportReport): string {
  const parts = [`Read ${n(report.linesRead)} lines of ${report.fileName}.`];
  if (report.status === 'rejected') {
    parts.push(`Nothing was stored: ${n(report.rejected)} bad row${report.rejected === 1 ? '' : 's'} (all-or-nothing). First: ${report.problems[0]?.message ?? 'see problems'}.`);
  } else {
    const stored = report.kind === 'customers'
      ? `${n(report.inserted)} customers created, ${n(report.updated)} updated, ${n(report.unchanged)} unchanged`
      : `${n(report.inserted)} lines stored, ${n(report.unchanged)} already stored (unchanged)`;
    parts.push(`${stored}.`);
    if (report.customersCreated) parts.push(`${n(report.customersCreated)} new customers.`);
    if (report.rejected) parts.push(`${n(report.rejected)} bad rows skipped (${n(report.problemCount)} problems). First: ${report.problems[0]?.message}.`);
  }
  for (const skip of report.skippedReasons) parts.push(`${n(skip.count)} skipped: ${skip.reason}.`);
  for (const note of report.notes) parts.push(`Note: ${note.reason} (${n(note.count)} rows).`);
  return parts.join(' ');
}
