/** The shapes shared by the import pipeline: what is asked, what is reported. */

export const IMPORT_KINDS = ['customers', 'transactions'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_MODES = ['all-or-nothing', 'skip-and-report'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export const DATE_FORMATS = ['iso', 'dmy', 'mdy'] as const;
/** iso: 2011-12-09 12:50[:00][Z|+01:00]; dmy: 09/12/2011 12:50; mdy: 12/9/2011 12:50. */
export type DateFormat = (typeof DATE_FORMATS)[number];

/** How an attribute column's text becomes a JSON value. `auto` infers numbers and yes/no. */
export type AttributeType = 'auto' | 'string' | 'number' | 'integer' | 'boolean';

export interface ImportOptions {
  /** Zone of dates written without an offset (IANA name, e.g. Europe/London). */
  timeZone: string;
  /** Currency of transactions whose file has no currency column (ISO 4217). */
  currency: string;
  dateFormat: DateFormat;
  /** Transactions without a customer id are skipped and counted, instead of being bad rows. */
  skipRowsWithoutCustomer: boolean;
  /** Invoices starting with this prefix are cancellations (Online Retail: "C"). */
  cancellationPrefix?: string;
}

/** Column handling that presets need beyond a plain mapping (Telco's typed attributes). */
export interface AttributeRules {
  /** Attribute type by CSV header; headers not listed are `auto`. */
  types?: Record<string, AttributeType>;
  /** Attribute name by CSV header (Telco: Churn -> churned). */
  names?: Record<string, string>;
  /** Number columns whose blank value means 0; each blank is counted as a note. */
  blankMeansZero?: string[];
  /** CSV headers not kept as attributes (they are mapped to columns). */
  ignore?: string[];
}

/** A row the importer could not use: where, and why, in words a user can act on. */
export interface ImportProblem {
  line: number;
  column?: string;
  message: string;
}

export interface CountedReason {
  reason: string;
  count: number;
}

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number;
  rows: number;
  rowsPerSecond: number;
  elapsedMs: number;
}

export type ImportStatus = 'running' | 'succeeded' | 'partial' | 'rejected' | 'failed';

export interface ImportReport {
  jobId: number;
  kind: ImportKind;
  fileName: string;
  mode: ImportMode;
  status: ImportStatus;
  /** Data rows read (the header is not counted). */
  linesRead: number;
  inserted: number;
  /** Customers whose values changed. */
  updated: number;
  unchanged: number;
  /** Rows left out on purpose (for example no customer id), with the reasons. */
  skipped: number;
  skippedReasons: CountedReason[];
  /** Bad rows. */
  rejected: number;
  problemCount: number;
  /** The first 1,000 problems. */
  problems: ImportProblem[];
  /** Values that were adjusted, not refused (for example a blank total stored as 0). */
  notes: CountedReason[];
  /** Customers created while importing transactions. */
  customersCreated: number;
  durationMs: number;
  rowsPerSecond: number;
  message: string;
}

export const MAX_KEPT_PROBLEMS = 1000;
