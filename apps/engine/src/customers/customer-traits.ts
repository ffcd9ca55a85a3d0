import { DomainError } from '../common/errors/domain-error';

/** The customer columns that traits (Segment identify, CSV columns) can set directly. */
export interface CustomerColumns {
  email?: string | null;
  name?: string | null;
  age?: number | null;
  country?: string | null;
  city?: string | null;
  occupation?: string | null;
  plan?: string | null;
  signupAt?: Date | null;
  timeZone?: string | null;
  emailConsent?: boolean;
}

export interface SplitTraits {
  columns: CustomerColumns;
  /** Everything else, kept in customers.attributes. */
  attributes: Record<string, unknown>;
}

/** Trait names (as Segment's spec and common CSV headers spell them) for each column. */
const COLUMN_ALIASES: Record<keyof CustomerColumns, string[]> = {
  email: ['email'],
  name: ['name'],
  age: ['age'],
  country: ['country'],
  city: ['city'],
  occupation: ['occupation', 'title', 'job'],
  plan: ['plan'],
  signupAt: ['signupAt', 'signup_at', 'createdAt', 'created_at', 'signupDate', 'signup_date'],
  timeZone: ['timeZone', 'timezone', 'time_zone'],
  emailConsent: ['emailConsent', 'email_consent', 'emailOptIn', 'email_opt_in', 'unsubscribed'],
};

const ALIAS_TO_COLUMN = new Map<string, keyof CustomerColumns>(
  Object.entries(COLUMN_ALIASES).flatMap(([column, aliases]) => aliases.map((a) => [a.toLowerCase(), column as keyof CustomerColumns])),
);

/**
 * Splits traits into typed customer columns and free attributes, converting and checking values.
 * Segment's `address: { city, country }` is read too. Throws a VALIDATION_FAILED naming the trait.
 */
export function splitTraits(traits: Record<string, unknown>, where = 'traits'): SplitTraits {
  const columns: CustomerColumns = {};
  const attributes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(traits)) {
    if (key === 'address' && value && typeof value === 'object' && !Array.isArray(value)) {
      const address = value as Record<string, unknown>;
      if (address.city !== undefined) columns.city = text(address.city, `${where}.address.city`);
      if (address.country !== undefined) columns.country = text(address.country, `${where}.address.country`);
      const rest = Object.fromEntries(Object.entries(address).filter(([k]) => k !== 'city' && k !== 'country'));
      if (Object.keys(rest).length) attributes.address = rest;
      continue;
    }
    const column = ALIAS_TO_COLUMN.get(key.toLowerCase());
    if (!column) {
      attributes[key] = value;
      continue;
    }
    const path = `${where}.${key}`;
    switch (column) {
      case 'age':
        columns.age = integer(value, path, 0, 150);
        break;
      case 'signupAt':
        columns.signupAt = date(value, path);
        break;
      case 'emailConsent': {
        const consent = boolean(value, path);
        columns.emailConsent = key.toLowerCase() === 'unsubscribed' ? !consent : consent;
        break;
      }
      case 'email': {
        const email = text(value, path);
        if (email && !/^[^\s@]+@[^\s@]+$/.test(email)) invalid(path, `"${email}" is not an email address`);
        columns.email = email?.toLowerCase() ?? null;
        break;
      }
      default:
        columns[column] = text(value, path);
    }
  }
  return { columns, attributes };
}

function invalid(path: string, message: string): never {
  throw new DomainError('VALIDATION_FAILED', `${path}: ${message}`, [{ path, message: `${path}: ${message}` }]);
}

function text(value: unknown, path: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return invalid(path, 'must be text');
}

function integer(value: unknown, path: string, min: number, max: number): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) return invalid(path, `must be a whole number from ${min} to ${max}`);
  return n;
}

const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);

function boolean(value: unknown, path: string): boolean {
  if (typeof value === 'boolean') return value;
  const t = String(value).trim().toLowerCase();
  if (TRUE.has(t)) return true;
  if (FALSE.has(t)) return false;
  return invalid(path, 'must be true or false (or yes/no, 1/0)');
}

function date(value: unknown, path: string): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const d = typeof value === 'number' ? new Date(value) : typeof value === 'string' ? new Date(value.trim()) : new Date(NaN);
  if (Number.isNaN(d.getTime())) return invalid(path, 'must be a date (ISO 8601, for example 2024-03-01)');
  return d;
}
