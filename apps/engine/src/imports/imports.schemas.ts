import { z } from 'zod';
import { queryInt } from '../common/validation/parse';
import { DATE_FORMATS, IMPORT_KINDS, IMPORT_MODES } from './import-types';
import { PRESET_NAMES } from './presets';
import { isValidTimeZone } from './time-zone';

const booleanText = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Options a user may set on top of a preset or a mapping. */
export const importOptionsShape = {
  timeZone: z.string().trim().refine(isValidTimeZone, 'is not a time zone (use an IANA name such as Europe/London)').optional().describe('Zone of dates written without an offset'),
  currency: z.string().trim().regex(/^[A-Za-z]{3}$/, 'must be a three-letter currency code').transform((c) => c.toUpperCase()).optional().describe('Currency when the file has no currency column'),
  dateFormat: z.enum(DATE_FORMATS).optional().describe('iso (2011-12-09 12:50:00), dmy (09/12/2011 12:50) or mdy (12/9/2011 12:50)'),
  skipRowsWithoutCustomer: booleanText.optional().describe('Transactions without a customer id are skipped and counted instead of being bad rows'),
  cancellationPrefix: z.string().min(1).max(10).optional().describe('Invoices starting with this are cancellations'),
};

/** The text fields of the multipart upload (everything arrives as text). */
export const uploadFieldsSchema = z.strictObject({
  kind: z.enum(IMPORT_KINDS).describe('What the file holds'),
  preset: z.enum(PRESET_NAMES).optional().describe('A ready-made mapping for a known data set'),
  mapping: z.string().optional().describe('JSON object { "field": "CSV header" }; overrides the preset'),
  mode: z.enum(IMPORT_MODES).default('skip-and-report').describe('all-or-nothing: any bad row stores nothing; skip-and-report: bad rows are skipped and listed'),
  ...importOptionsShape,
});

export type UploadFields = z.infer<typeof uploadFieldsSchema>;

export const listImportsQuery = z.strictObject({
  limit: queryInt(1, 200, 50).describe('How many jobs, newest first'),
  before: z.coerce.number().int().positive().optional().describe('Jobs older than this id (paging)'),
});

export const importIdParam = z.coerce.number({ message: 'must be a number' }).int().positive();

/** For the OpenAPI document: the multipart body. */
export const uploadBodyOpenApi = {
  type: 'object',
  required: ['file', 'kind'],
  properties: {
    file: { type: 'string', format: 'binary', description: 'The CSV file, or a gzip of it (at most 200 MB)' },
    kind: { type: 'string', enum: [...IMPORT_KINDS] },
    preset: { type: 'string', enum: [...PRESET_NAMES] },
    mapping: { type: 'string', description: 'JSON object { "field": "CSV header" }', example: '{"externalId":"cust_id","invoice":"order","occurredAt":"date","amount":"total"}' },
    mode: { type: 'string', enum: [...IMPORT_MODES], default: 'skip-and-report' },
    timeZone: { type: 'string', example: 'Europe/London' },
    currency: { type: 'string', example: 'EUR' },
    dateFormat: { type: 'string', enum: [...DATE_FORMATS] },
    skipRowsWithoutCustomer: { type: 'string', enum: ['true', 'false'] },
    cancellationPrefix: { type: 'string' },
  },
} as const;
