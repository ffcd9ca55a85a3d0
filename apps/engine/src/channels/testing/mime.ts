// Just enough MIME to read what nodemailer sends (tests only): header unfolding, RFC 2047 encoded
// words, multipart bodies, quoted-printable and base64 transfer encodings.

export interface MimePart {
  headers: Map<string, string>;
  contentType: string;
  body: string;
  parts: MimePart[];
}

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (_, charset: string, encoding: string, text: string) => {
      const bytes = encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : quotedPrintableBytes(text.replace(/_/g, ' '));
      return bytes.toString(charset.toLowerCase() === 'utf-8' ? 'utf8' : 'latin1');
    });
}

function quotedPrintableBytes(text: string): Buffer {
  const cleaned = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < cleaned.length; i++) {
    const char = cleaned[i];
    if (char === '=' && /^[0-9A-Fa-f]{2}$/.test(cleaned.slice(i + 1, i + 3))) {
      bytes.push(parseInt(cleaned.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(char, 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), decodeWords(line.slice(colon + 1).trim()));
  }
  return headers;
}

function parameter(header: string, name: string): string | undefined {
  const match = new RegExp(`${name}="?([^";]+)"?`, 'i').exec(header);
  return match?.[1];
}

export function parseMime(raw: string): MimePart {
  const split = /\r?\n\r?\n/.exec(raw);
  const headerBlock = split ? raw.slice(0, split.index) : raw;
  const rawBody = split ? raw.slice(split.index + split[0].length) : '';
  const headers = parseHeaders(headerBlock);
  const contentTypeHeader = headers.get('content-type') ?? 'text/plain';
  const contentType = contentTypeHeader.split(';')[0].trim().toLowerCase();
  if (contentType.startsWith('multipart/')) {
    const boundary = parameter(contentTypeHeader, 'boundary');
    const parts: MimePart[] = [];
    if (boundary) {
      const sections = rawBody.split(`--${boundary}`);
      for (const section of sections.slice(1)) {
        if (section.startsWith('--')) break;
        parts.push(parseMime(section.replace(/^\r?\n/, '')));
      }
    }
    return { headers, contentType, body: '', parts };
  }
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const charset = (parameter(contentTypeHeader, 'charset') ?? 'utf-8').toLowerCase();
  const bytes = encoding === 'base64' ? Buffer.from(rawBody.replace(/\s+/g, ''), 'base64') : encoding === 'quoted-printable' ? quotedPrintableBytes(rawBody) : Buffer.from(rawBody, 'utf8');
  const body = bytes.toString(charset === 'utf-8' || charset === 'utf8' ? 'utf8' : 'latin1').replace(/\r?\n$/, '');
  return { headers, contentType, body, parts: [] };
}

/** The first part of that content type, depth first. */
export function findPart(part: MimePart, contentType: string): MimePart | undefined {
  if (part.contentType === contentType && !part.parts.length) return part;
  for (const child of part.parts) {
    const found = findPart(child, contentType);
    if (found) return found;
  }
  return undefined;
}
