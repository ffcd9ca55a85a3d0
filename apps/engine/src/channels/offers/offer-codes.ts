// Coupon codes: the node's prefix, then 10 characters from a crypto-random source in Crockford's
// base32 alphabet (no I, L, O, U: nothing to misread when typed from an email). 32^10 ≈ 10^15
// codes per prefix (50 bits), so guessing a valid one is hopeless; the unique index catches the
// astronomically rare collision and the code is drawn again.
import { randomBytes } from 'node:crypto';

export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const RANDOM_LENGTH = 10;

export function randomCodePart(length = RANDOM_LENGTH, random: (size: number) => Uint8Array = randomBytes): string {
  const bytes = random(length);
  let out = '';
  // 256 is a multiple of 32: taking the low 5 bits of a uniform byte is uniform.
  for (let i = 0; i < length; i++) out += CODE_ALPHABET[bytes[i] & 31];
  return out;
}

/** "COMEBACK" → "COMEBACK-7K2M9QXW4D"; an empty prefix gives just the random part. */
export function newOfferCode(prefix: string, random?: (size: number) => Uint8Array): string {
  const head = prefix.replace(/-+$/, '');
  const tail = randomCodePart(RANDOM_LENGTH, random);
  return head ? `${head}-${tail}` : tail;
}

/** Codes are compared upper-case with surrounding spaces removed (people type them). */
export function normalizeOfferCode(code: string): string {
  return code.trim().toUpperCase();
}
