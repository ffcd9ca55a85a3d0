import { CsvError, parse, Parser } from 'csv-parse';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { pipeline, Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { DomainError } from '../common/errors/domain-error';

export interface CsvRecord {
  /** 1-based line where the record starts (the header is line 1). */
  line: number;
  fields: string[];
}

export interface CsvSource {
  headers: string[];
  gzip: boolean;
  totalBytes: number;
  /** Bytes of the file read so far (compressed bytes for a gzip file, as is the total). */
  bytesRead(): number;
  /** The data records, in batches; blank lines are left out. */
  batches(size: number): AsyncGenerator<CsvRecord[]>;
  close(): void;
}

const GZIP_MAGIC = [0x1f, 0x8b];

/** Is the file gzip? Decided by its first two bytes, whatever its name. */
export async function isGzipFile(filePath: string): Promise<boolean> {
  const handle = await open(filePath, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  } finally {
    await handle.close();
  }
}

/**
 * Streams a CSV (or gzip of a CSV) file: memory holds one read chunk and one batch, never the file.
 * The header row is read before this resolves, so a mapping can be checked before any data row.
 */
export async function openCsvSource(filePath: string, displayName = filePath): Promise<CsvSource> {
  const totalBytes = (await stat(filePath)).size;
  const gzip = await isGzipFile(filePath);
  let bytesRead = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytesRead += chunk.length;
      done(null, chunk);
    },
  });
  // relax_column_count: a row with the wrong number of fields is reported as a bad row, with its line.
  const parser: Parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: false });
  const stages = [createReadStream(filePath, { highWaterMark: 256 * 1024 }), counter, ...(gzip ? [createGunzip()] : []), parser] as const;
  let streamError: Error | null = null;
  (pipeline as (...args: unknown[]) => void)(...stages, (error: Error | null) => {
    if (error) streamError = error;
  });

  const records = parser[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  const next = async (): Promise<IteratorResult<string[]>> => {
    try {
      return await records.next();
    } catch (error) {
      throw describeStreamError(streamError ?? (error as Error), displayName, gzip);
    }
  };

  const first = await next();
  if (first.done) throw new DomainError('VALIDATION_FAILED', `${displayName} is empty: a CSV file needs a header row.`);
  const headers = first.value.map((h) => h.trim());
  // Line numbers are counted here (csv-parse's own `info` halves its speed): one per record plus
  // the line breaks inside quoted fields.
  let line = 1 + 1 + newlinesIn(first.value);

  return {
    headers,
    gzip,
    totalBytes,
    bytesRead: () => bytesRead,
    async *batches(size: number) {
      let batch: CsvRecord[] = [];
      for (;;) {
        const result = await next();
        if (result.done) break;
        const fields = result.value;
        const start = line;
        line += 1 + newlinesIn(fields);
        if (fields.length === 1 && fields[0] === '') continue;
        batch.push({ line: start, fields });
        if (batch.length >= size) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length) yield batch;
    },
    close: () => {
      for (const stage of stages) stage.destroy();
    },
  };
}

function newlinesIn(fields: string[]): number {
  let count = 0;
  for (const field of fields) {
    let at = field.indexOf('\n');
    while (at !== -1) {
      count++;
      at = field.indexOf('\n', at + 1);
    }
  }
  return count;
}

function describeStreamError(error: Error, displayName: string, gzip: boolean): Error {
  if (error instanceof DomainError) return error;
  if (error instanceof CsvError) {
    const line = (error as CsvError & { lines?: number }).lines;
    return new DomainError('VALIDATION_FAILED', `${displayName} is not a valid CSV file${line ? ` at line ${line}` : ''}: ${error.message}`, [
      { ...(line ? { line } : {}), message: error.message },
    ]);
  }
  if (gzip && (error as NodeJS.ErrnoException).code?.startsWith('Z_')) {
    return new DomainError('VALIDATION_FAILED', `${displayName} starts like a gzip file but cannot be decompressed: ${error.message}.`);
  }
  return error;
}
