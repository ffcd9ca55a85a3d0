import type { AttributeType, DateFormat } from './import-types';
import { localTimeToUtc } from './time-zone';

/** A cell that cannot be used; the message completes `line N, column C: ...`. */
export class ValueError extends Error {}

const quote = (text: string) => JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A decimal number written plainly (no thousands separators, no currency sign). */
export function parseDecimal(text: string): number {
  const trimmed = text.trim();
  if (!DECIMAL.test(trimmed)) throw new ValueError(`${quote(text)} is not a number`);
  const value = Number(trimmed);
  if (!Number.isFinite(value)) throw new ValueError(`${quote(text)} is not a number`);
  return value;
}

export function parseInteger(text: string): number {
  const value = parseDecimal(text);
  if (!Number.isSafeInteger(value)) throw new ValueError(`${quote(text)} is not a whole number`);
  return value;
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', 't', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'n', 'f', '0']);

export function parseBoolean(text: string): boolean {
  const word = text.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  throw new ValueError(`${quote(text)} is not yes/no (true/false, 1/0)`);
}

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const SLASHED = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const daysInMonth = (year: number, month: number) => (month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]);

/**
 * A date/time cell -> UTC milliseconds. Times without an offset are wall-clock times in `timeZone`;
 * a date without a time is midnight there.
 */
export function parseDateTime(text: string, format: DateFormat, timeZone: string): number {
  const trimmed = text.trim();
  let year: number, month: number, day: number, hour = 0, minute = 0, second = 0, millisecond = 0;
  let offset: string | undefined;
  if (format === 'iso') {
    const m = ISO.exec(trimmed);
    if (!m) throw new ValueError(`${quote(text)} is not a date (expected YYYY-MM-DD HH:MM:SS)`);
    [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (m[4] !== undefined) [hour, minute] = [Number(m[4]), Number(m[5])];
    if (m[6] !== undefined) second = Number(m[6]);
    if (m[7] !== undefined) millisecond = Number(m[7].slice(0, 3).padEnd(3, '0'));
    offset = m[8];
  } else {
    const m = SLASHED.exec(trimmed);
    const pattern = format === 'dmy' ? 'DD/MM/YYYY HH:MM' : 'MM/DD/YYYY HH:MM';
    if (!m) throw new ValueError(`${quote(text)} is not a date (expected ${pattern})`);
    [day, month] = format === 'dmy' ? [Number(m[1]), Number(m[2])] : [Number(m[2]), Number(m[1])];
    year = Number(m[3]);
    if (m[4] !== undefined) [hour, minute] = [Number(m[4]), Number(m[5])];
    if (m[6] !== undefined) second = Number(m[6]);
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    throw new ValueError(`${quote(text)} is not a valid date or time`);
  }
  if (offset) {
    const sign = offset.toUpperCase() === 'Z' ? 0 : offset.startsWith('-') ? -1 : 1;
    const digits = offset.replace(/[^0-9]/g, '');
    const offsetMs = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0)) * 60_000;
    return Date.UTC(year, month - 1, day, hour, minute, second, millisecond) - offsetMs;
  }
  return localTimeToUtc({ year, month, day, hour, minute, second, millisecond }, timeZone);
}

/** Looks like a number and reads back the same (no leading zeros: "00123" is an id, kept as text). */
const PLAIN_NUMBER = /^-?(?:0|[1-9]\d{0,14})(?:\.\d+)?$/;
const YES_NO = /^(?:yes|no|true|false)$/i;

/** A CSV cell kept as a customer attribute, typed. Blank cells become null. */
export function parseAttribute(text: string, type: AttributeType): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  switch (type) {
    case 'string':
      return trimmed;
    case 'number':
      return parseDecimal(trimmed);
    case 'integer':
      return parseInteger(trimmed);
    case 'boolean':
      return parseBoolean(trimmed);
    case 'auto':
      if (YES_NO.test(trimmed)) return /^(?:yes|true)$/i.test(trimmed);
      if (PLAIN_NUMBER.test(trimmed)) return Number(trimmed);
      return trimmed;
  }
}

/** Canonical text of a decimal for hashing and for PostgreSQL numeric (shortest round trip). */
export const decimalText = (value: number): string => String(value);
