import type { ImportProgress } from '../imports/import-types';

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;
const n = (value: number) => value.toLocaleString('en-GB');

export function describeProgress(label: string, p: ImportProgress): string {
  const percent = p.totalBytes ? Math.min(100, Math.floor((p.bytesRead / p.totalBytes) * 100)) : 0;
  return `${label}: ${percent}% (${mb(p.bytesRead)} of ${mb(p.totalBytes)}), ${n(p.rows)} rows, ${n(p.rowsPerSecond)} rows/s`;
}

/**
 * Shows import progress: one line rewritten in place on a terminal, or a plain line every few
 * seconds when the output is a file or a pipe (logs stay readable).
 */
export function progressDisplay(label: string, options: { stream?: NodeJS.WriteStream; log?: (line: string) => void; everyMs?: number } = {}) {
  const stream = options.stream ?? process.stderr;
  const tty = Boolean(stream.isTTY) && !options.log;
  const everyMs = options.everyMs ?? (tty ? 200 : 5000);
  let last = 0;
  let latest: ImportProgress | undefined;
  return {
    update(progress: ImportProgress): void {
      latest = progress;
      const now = Date.now();
      if (now - last < everyMs) return;
      last = now;
      const text = describeProgress(label, progress);
      if (tty) stream.write(`\r${text}\x1b[K`);
      else if (options.log) options.log(text);
      else stream.write(`${text}\n`);
    },
    /** Ends the updating line (the caller prints the report next). */
    done(): void {
      if (tty && last > 0) stream.write(`\r${latest ? describeProgress(label, latest) : ''}\x1b[K\n`);
    },
  };
}
