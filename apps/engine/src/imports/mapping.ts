import { z } from 'zod';
import { DomainError } from '../common/errors/domain-error';
import type { CustomerColumns } from '../customers/customer-traits';
import type { ImportKind } from './import-types';

/** Customer fields a CSV column can fill: the customer columns (as identify sets them) plus externalId. */
export const CUSTOMER_FIELDS = [
  'externalId',
  'email',
  'name',
  'age',
  'country',
  'city',
  'occupation',
  'plan',
  'signupAt',
  'timeZone',
  'emailConsent',
] as const satisfies readonly ('externalId' | keyof CustomerColumns)[];
export type CustomerField = (typeof CUSTOMER_FIELDS)[number];

/** Transaction fields; `externalId` is the customer's id, `country` the customer's country. */
export const TRANSACTION_FIELDS = [
  'externalId',
  'invoice',
  'sku',
  'description',
  'quantity',
  'unitPrice',
  'amount',
  'currency',
  'category',
  'occurredAt',
  'isCancellation',
  'isReturn',
  'country',
] as const;
export type TransactionField = (typeof TRANSACTION_FIELDS)[number];

export const FIELDS_BY_KIND: Record<ImportKind, readonly string[]> = { customers: CUSTOMER_FIELDS, transactions: TRANSACTION_FIELDS };

/** target field -> CSV header */
export type ColumnMapping = Partial<Record<string, string>>;

const header = z.string().trim().min(1, 'must name a CSV header');

/** The mapping a user sends: `{ "field": "CSV header" }`, only known fields. */
export function mappingSchema(kind: ImportKind) {
  const fields = FIELDS_BY_KIND[kind];
  return z
    .record(z.string(), header)
    .superRefine((mapping, ctx) => {
      for (const field of Object.keys(mapping)) {
        if (!fields.includes(field)) {
          ctx.addIssue({ code: 'custom', path: [field], message: `"${field}" is not a ${kind} field; the fields are ${fields.join(', ')}` });
        }
      }
    });
}

/** What a complete mapping must have, checked after a preset and the user's mapping are merged. */
export function assertMappingComplete(kind: ImportKind, mapping: ColumnMapping): void {
  const missing: string[] = [];
  if (!mapping.externalId) missing.push('externalId');
  if (kind === 'transactions') {
    if (!mapping.invoice) missing.push('invoice');
    if (!mapping.occurredAt) missing.push('occurredAt');
    if (!mapping.amount && !(mapping.quantity && mapping.unitPrice)) missing.push('amount (or quantity and unitPrice)');
  }
  if (missing.length) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `The ${kind} mapping must name a CSV header for ${missing.join(', ')}.`,
      missing.map((field) => ({ path: `mapping.${field.split(' ')[0]}`, message: `mapping.${field}: required` })),
    );
  }
}

/** field -> column index in the file; refuses, before any row is read, a header the file lacks. */
export type ResolvedMapping = Record<string, number>;

export function resolveMapping(mapping: ColumnMapping, headers: readonly string[], fileName: string): ResolvedMapping {
  const index = new Map<string, number>();
  headers.forEach((h, i) => {
    if (!index.has(h)) index.set(h, i);
  });
  const resolved: ResolvedMapping = {};
  const missing: { field: string; header: string }[] = [];
  for (const [field, wanted] of Object.entries(mapping)) {
    if (!wanted) continue;
    const i = index.get(wanted);
    if (i === undefined) missing.push({ field, header: wanted });
    else resolved[field] = i;
  }
  if (missing.length) {
    const list = missing.map((m) => `"${m.header}" (for ${m.field})`).join(', ');
    throw new DomainError(
      'VALIDATION_FAILED',
      `${fileName} has no column ${list}. Its columns are: ${headers.map((h) => `"${h}"`).join(', ')}.`,
      missing.map((m) => ({ path: `mapping.${m.field}`, column: m.header, message: `the file has no column "${m.header}"` })),
    );
  }
  return resolved;
}
