// Signed tokens for open pixels and click links. A token names the delivery (so the enrollment,
// node, flow and customer) and carries an HMAC over it — and for clicks over the target URL too —
// so nobody can forge an open or a click, or turn Retain into an open redirect.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { persistentSecret } from '../config/secrets';
import type { Env } from '../config/env';

/** 16 bytes (128 bits) of HMAC-SHA256: unguessable, and short enough for a URL. */
const SIGNATURE_BYTES = 16;
const TOKEN = /^([1-9]\d{0,9})\.([A-Za-z0-9_-]{22})$/;

export class TrackingTokens {
  constructor(private readonly secret: string) {
    if (secret.length < 16) throw new RangeError('the tracking secret must be at least 16 characters');
  }

  open(deliveryId: number): string {
    return `${deliveryId}.${this.sign('open', deliveryId, '')}`;
  }

  click(deliveryId: number, url: string): string {
    return `${deliveryId}.${this.sign('click', deliveryId, url)}`;
  }

  /** The delivery id of a genuine open token, or null. */
  verifyOpen(token: string): number | null {
    return this.verify(token, 'open', '');
  }

  /** The delivery id of a genuine click token for exactly this URL, or null. */
  verifyClick(token: string, url: string): number | null {
    return this.verify(token, 'click', url);
  }

  private verify(token: string, purpose: string, url: string): number | null {
    const match = TOKEN.exec(token);
    if (!match) return null;
    const deliveryId = Number(match[1]);
    if (deliveryId > 2_147_483_647) return null;
    const expected = Buffer.from(this.sign(purpose, deliveryId, url));
    const given = Buffer.from(match[2]);
    return expected.length === given.length && timingSafeEqual(expected, given) ? deliveryId : null;
  }

  private sign(purpose: string, deliveryId: number, url: string): string {
    // purpose first: an open token can never pass as a click token, nor the reverse
    return createHmac('sha256', this.secret).update(`${purpose}\n${deliveryId}\n${url}`).digest().subarray(0, SIGNATURE_BYTES).toString('base64url');
  }
}

/** Builds tracking URLs under the public address (RETAIN_PUBLIC_URL). */
export class TrackingLinks {
  constructor(
    private readonly publicUrl: string,
    readonly tokens: TrackingTokens,
  ) {}

  openPixelUrl(deliveryId: number): string {
    return `${this.publicUrl}/t/o/${this.tokens.open(deliveryId)}.gif`;
  }

  clickUrl(deliveryId: number, url: string): string {
    return `${this.publicUrl}/t/c/${this.tokens.click(deliveryId, url)}?u=${encodeURIComponent(url)}`;
  }
}

/** The installation's tracking links: RETAIN_TRACKING_SECRET, or a secret generated once and kept in RETAIN_HOME. */
export function trackingLinksFrom(env: Env): TrackingLinks {
  return new TrackingLinks(env.publicUrl, new TrackingTokens(persistentSecret(env, 'tracking-secret', env.RETAIN_TRACKING_SECRET)));
}
