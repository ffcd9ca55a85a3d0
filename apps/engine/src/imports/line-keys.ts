import crypto from 'node:crypto';

/** Joins the normalized values of a row: a separator that CSV text practically never contains. */
const SEPARATOR = '\u001f';

export interface ContentHash {
  /** base64url SHA-1 of the normalized values. */
  hash: string;
  /** 60 bits of the hash, to count identical rows compactly. */
  high: number;
  low: number;
}

/** One-shot hashing (Node >= 20.12) is several times faster than createHash for short inputs. */
const sha1Base64url: (text: string) => string =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (text) => (crypto as unknown as { hash(algorithm: string, data: string, encoding: string): string }).hash('sha1', text, 'base64url')
    : (text) => crypto.createHash('sha1').update(text).digest('base64url');

export function contentHash(values: readonly (string | number | boolean | null | undefined)[]): ContentHash {
  let text = '';
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (i > 0) text += SEPARATOR;
    if (value !== null && value !== undefined) text += String(value);
  }
  const hash = sha1Base64url(text);
  return { hash, high: fingerprint(hash, 0), low: fingerprint(hash, 5) };
}

/** 30 bits of the hash from five base64url characters. */
function fingerprint(hash: string, from: number): number {
  let value = 0;
  for (let i = from; i < from + 5; i++) value = (value << 6) | (hash.charCodeAt(i) & 0x3f);
  return value >>> 0;
}

/**
 * The key of a transaction line: its content, plus which occurrence of that exact content it is
 * within the file (Online Retail has identical lines that are separate purchases). Re-importing the
 * same file gives the same keys, so nothing is stored twice.
 */
export const lineKey = (content: ContentHash, occurrence: number): string => `csv:${content.hash}:${occurrence}`;

/**
 * Counts how often each content hash has been seen, in typed arrays (about 16 bytes per distinct
 * row, outside the JS heap) instead of a Map of strings. Two different rows sharing a 64-bit
 * fingerprint would only number their occurrences together; their keys still differ by hash.
 */
export class OccurrenceCounter {
  private keys: Uint32Array;
  private counts: Uint32Array;
  private size = 0;

  constructor(initialCapacity = 1 << 16) {
    this.keys = new Uint32Array(initialCapacity * 2);
    this.counts = new Uint32Array(initialCapacity);
  }

  /** Records one more occurrence and returns its number (1 for the first). */
  next(content: Pick<ContentHash, 'high' | 'low'>): number {
    if ((this.size + 1) * 2 > this.counts.length) this.grow();
    const slot = this.find(this.keys, this.counts, content.high, content.low);
    if (this.counts[slot] === 0) {
      this.keys[slot * 2] = content.high;
      this.keys[slot * 2 + 1] = content.low;
      this.size++;
    }
    return ++this.counts[slot];
  }

  get distinct(): number {
    return this.size;
  }

  private find(keys: Uint32Array, counts: Uint32Array, high: number, low: number): number {
    const mask = counts.length - 1;
    let slot = (low ^ Math.imul(high, 0x9e3779b1)) & mask;
    while (counts[slot] !== 0 && (keys[slot * 2] !== high || keys[slot * 2 + 1] !== low)) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldCounts = this.counts;
    this.keys = new Uint32Array(oldKeys.length * 2);
    this.counts = new Uint32Array(oldCounts.length * 2);
    for (let i = 0; i < oldCounts.length; i++) {
      if (oldCounts[i] === 0) continue;
      const slot = this.find(this.keys, this.counts, oldKeys[i * 2], oldKeys[i * 2 + 1]);
      this.keys[slot * 2] = oldKeys[i * 2];
      this.keys[slot * 2 + 1] = oldKeys[i * 2 + 1];
      this.counts[slot] = oldCounts[i];
    }
  }
}
