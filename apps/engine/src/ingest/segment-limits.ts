import { DomainError } from '../common/errors/domain-error';

/**
 * Segment's limit for one message, also inside a batch. The body parsers in create-app.ts enforce
 * the same 32 KB per call and 500 KB per batch (BODY_LIMITS; not imported: create-app imports this module).
 */
export const MAX_MESSAGE_BYTES = 32 * 1024;

// JSON.stringify writes U+0000 as \u0000; an escaped backslash before "u0000" is text, not a NUL.
const ESCAPED_NUL = /(?:^|[^\\])(?:\\\\)*\\u0000/;

/**
 * Checks each message of a batch before anything else: its JSON must fit in 32 KB, and it must hold
 * no NUL character (PostgreSQL cannot store one in text or jsonb). Throws naming the index.
 * Anything that is not a list of messages is left to the schema, which explains it better.
 */
export function checkBatchMessages(body: unknown): void {
  if (!body || typeof body !== 'object' || !Array.isArray((body as { batch?: unknown }).batch)) return;
  const messages = (body as { batch: unknown[] }).batch;
  for (let index = 0; index < messages.length; index++) {
    // Almost every message is far below the limit and has no NUL: prove it without serializing.
    if (jsonBytesUpperBound(messages[index], 0) <= MAX_MESSAGE_BYTES) continue;
    checkMessageJson(JSON.stringify(messages[index]) ?? 'null', `batch[${index}]`);
  }
}

const MAX_DEPTH = 64;

/**
 * An upper bound of the UTF-8 size of JSON.stringify(value), or Infinity when it cannot be bounded
 * cheaply or a string holds a NUL (then the exact check runs). A UTF-16 unit becomes at most 6
 * bytes in JSON (an escape like \u0001; otherwise at most 3 bytes of UTF-8). Measured: about six
 * times cheaper than JSON.stringify on typical messages, which was ~10 % of ingestion CPU.
 */
export function jsonBytesUpperBound(value: unknown, depth: number): number {
  if (typeof value === 'string') return value.includes('\0') ? Infinity : value.length * 6 + 2;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return 24;
  if (depth > MAX_DEPTH || typeof value !== 'object') return Infinity;
  let bytes = 2;
  if (Array.isArray(value)) {
    for (const item of value) bytes += jsonBytesUpperBound(item, depth + 1) + 1;
    return bytes;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) return Infinity;
  for (const key in value) {
    if (key.includes('\0')) return Infinity;
    bytes += key.length * 6 + 4 + jsonBytesUpperBound((value as Record<string, unknown>)[key], depth + 1);
    if (bytes > MAX_MESSAGE_BYTES) return bytes;
  }
  return bytes;
}

/** The same checks for a single call (its size is already bounded by the body parser). */
export function checkSingleMessage(body: unknown): void {
  checkMessageJson(JSON.stringify(body) ?? 'null', 'the message');
}

function checkMessageJson(json: string, where: string): void {
  // Each UTF-16 unit is at most 3 UTF-8 bytes: skip the exact count when it cannot matter.
  if (json.length * 3 > MAX_MESSAGE_BYTES) {
    const bytes = Buffer.byteLength(json, 'utf8');
    if (bytes > MAX_MESSAGE_BYTES) {
      throw new DomainError('PAYLOAD_TOO_LARGE', `${where} is ${formatKb(bytes)} of JSON; a message may be at most ${formatKb(MAX_MESSAGE_BYTES)}.`, [
        { path: where.startsWith('batch') ? where : undefined, message: `${where}: larger than ${formatKb(MAX_MESSAGE_BYTES)}` },
      ]);
    }
  }
  if (json.includes('\\u0000') && ESCAPED_NUL.test(json)) {
    throw new DomainError('VALIDATION_FAILED', `${where} contains a NUL character (\\u0000), which cannot be stored; remove it.`, [
      { path: where.startsWith('batch') ? where : undefined, message: `${where}: contains \\u0000` },
    ]);
  }
}

function formatKb(bytes: number): string {
  return `${(bytes / 1024).toFixed(bytes % 1024 === 0 ? 0 : 1)} KB`;
}
