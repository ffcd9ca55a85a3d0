import type { ImportProblem } from './import-types';

/** What one CSV row became: a row to store, a row left out on purpose, or a bad row. */
export type RowOutcome<T> =
  | { kind: 'row'; row: T; notes?: string[] }
  | { kind: 'skip'; reason: string }
  | { kind: 'bad'; problems: ImportProblem[] };

export const problemAt = (line: number, column: string | undefined, reason: string): ImportProblem => ({
  line,
  ...(column ? { column } : {}),
  message: column ? `line ${line}, column ${column}: ${reason}` : `line ${line}: ${reason}`,
});
