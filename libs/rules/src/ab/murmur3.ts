// MurmurHash3 x86 32-bit over the UTF-8 bytes of a string. Plain integer arithmetic, no
// node:crypto and no TextEncoder (whose allocation dominated the cost), so Node, browsers and any
// other murmur3 implementation give the same number.

// a module-level alias: inside Jest's vm context every global lookup (Math) is slow
const imul = Math.imul;

let buffer = new Uint8Array(256);

/** Writes the UTF-8 encoding of `text` into the shared buffer; returns the byte length. */
function encodeUtf8(text: string): number {
  if (buffer.length < text.length * 3) buffer = new Uint8Array(text.length * 3);
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd; // lone surrogate, as TextEncoder does
    if (code < 0x80) {
      buffer[length++] = code;
    } else if (code < 0x800) {
      buffer[length++] = 0xc0 | (code >> 6);
      buffer[length++] = 0x80 | (code & 0x3f);
    } else if (code < 0x10000) {
      buffer[length++] = 0xe0 | (code >> 12);
      buffer[length++] = 0x80 | ((code >> 6) & 0x3f);
      buffer[length++] = 0x80 | (code & 0x3f);
    } else {
      buffer[length++] = 0xf0 | (code >> 18);
      buffer[length++] = 0x80 | ((code >> 12) & 0x3f);
      buffer[length++] = 0x80 | ((code >> 6) & 0x3f);
      buffer[length++] = 0x80 | (code & 0x3f);
    }
  }
  return length;
}

function scramble(k: number): number {
  k = imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  return imul(k, 0x1b873593);
}

export function murmur3(text: string, seed = 0): number {
  const length = encodeUtf8(text);
  const bytes = buffer;
  const blockEnd = length & ~3;
  let hash = seed >>> 0;
  for (let i = 0; i < blockEnd; i += 4) {
    hash ^= scramble(bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24));
    hash = (hash << 13) | (hash >>> 19);
    hash = (imul(hash, 5) + 0xe6546b64) | 0;
  }
  const remaining = length & 3;
  if (remaining > 0) {
    let k = bytes[blockEnd];
    if (remaining > 1) k ^= bytes[blockEnd + 1] << 8;
    if (remaining > 2) k ^= bytes[blockEnd + 2] << 16;
    hash ^= scramble(k);
  }
  hash ^= length;
  hash ^= hash >>> 16;
  hash = imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
