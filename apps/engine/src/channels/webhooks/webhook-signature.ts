// X-Retain-Signature lets a receiver check that a request comes from this Retain and was not
// replayed: HMAC-SHA256, keyed with RETAIN_WEBHOOK_SECRET, of `${timestamp}.${body}` where
// timestamp is the X-Retain-Timestamp header (Unix seconds). The header value is "sha256=<hex>".
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-retain-signature';
export const TIMESTAMP_HEADER = 'x-retain-timestamp';

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does: recompute and compare in constant time, and refuse old timestamps. */
export function verifyWebhookSignature(secret: string, headers: { signature?: string; timestamp?: string }, body: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const timestamp = Number(headers.timestamp);
  if (!headers.signature || !Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
