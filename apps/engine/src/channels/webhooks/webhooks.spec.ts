import { createHmac } from 'node:crypto';
import { addressRange, isPublicAddress, parseAllowlist, refusedDestination } from './address-guard';
import { backoffMs, isRetryableStatus } from './webhook-channel';
import { signWebhook, verifyWebhookSignature } from './webhook-signature';

describe('webhook address guard', () => {
  it('accepts public unicast addresses only', () => {
    for (const ip of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111']) expect(isPublicAddress(ip)).toBe(true);
    const refused: Record<string, string> = {
      '127.0.0.1': 'loopback',
      '10.0.0.5': 'private',
      '172.16.3.4': 'private',
      '192.168.1.1': 'private',
      '169.254.169.254': 'linkLocal',
      '100.64.0.1': 'carrierGradeNat',
      '0.0.0.0': 'unspecified',
      '::1': 'loopback',
      'fe80::1': 'linkLocal',
      'fc00::1': 'uniqueLocal',
      '::': 'unspecified',
      '::ffff:127.0.0.1': 'loopback',
      '::ffff:10.0.0.1': 'private',
      '224.0.0.1': 'multicast',
    };
    for (const [ip, range] of Object.entries(refused)) {
      expect(addressRange(ip)).toBe(range);
      expect(isPublicAddress(ip)).toBe(false);
    }
  });

  it('lets the allow-list name hosts, single addresses and CIDR ranges', () => {
    const allowlist = parseAllowlist(' 127.0.0.1, 10.0.0.0/8 ,crm.internal, fd00::/8');
    expect(refusedDestination('127.0.0.1', '127.0.0.1', allowlist)).toBeUndefined();
    expect(refusedDestination('x', '127.0.0.2', allowlist)).toContain('loopback');
    expect(refusedDestination('x', '10.200.3.4', allowlist)).toBeUndefined();
    expect(refusedDestination('x', '::ffff:10.1.1.1', allowlist)).toBeUndefined();
    expect(refusedDestination('x', '192.168.0.1', allowlist)).toContain('192.168.0.1, a private address');
    expect(refusedDestination('CRM.internal', '192.168.0.1', allowlist)).toBeUndefined();
    expect(refusedDestination('x', 'fd12::1', allowlist)).toBeUndefined();
    expect(refusedDestination('x', 'fe80::1', allowlist)).toContain('linkLocal');
    expect(refusedDestination('example.com', '93.184.216.34', parseAllowlist(''))).toBeUndefined();
    expect(() => parseAllowlist('10.0.0.0/99')).toThrow('CIDR');
  });
});

describe('webhook signature', () => {
  const secret = 's3cret-s3cret-s3cret';
  it('is the hex HMAC-SHA256 of "<timestamp>.<body>"', () => {
    const expected = createHmac('sha256', secret).update('1700000000.{"a":1}').digest('hex');
    expect(signWebhook(secret, 1700000000, '{"a":1}')).toBe(`sha256=${expected}`);
  });
  it('verifies, and refuses a changed body, another secret or an old timestamp', () => {
    const signature = signWebhook(secret, 1700000000, 'body');
    expect(verifyWebhookSignature(secret, { signature, timestamp: '1700000000' }, 'body', 1700000100)).toBe(true);
    expect(verifyWebhookSignature(secret, { signature, timestamp: '1700000000' }, 'Body', 1700000100)).toBe(false);
    expect(verifyWebhookSignature('other-secret-other', { signature, timestamp: '1700000000' }, 'body', 1700000100)).toBe(false);
    expect(verifyWebhookSignature(secret, { signature, timestamp: '1700000000' }, 'body', 1700000000 + 301)).toBe(false);
    expect(verifyWebhookSignature(secret, { timestamp: '1700000000' }, 'body', 1700000000)).toBe(false);
  });
});

describe('webhook retries', () => {
  it('retry 5xx and 429, not other answers', () => {
    expect([500, 502, 503, 429].every(isRetryableStatus)).toBe(true);
    expect([200, 301, 400, 401, 404, 409, 422].some(isRetryableStatus)).toBe(false);
  });
  it('back off exponentially', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffMs(attempt, 500))).toEqual([500, 1000, 2000, 4000]);
  });
});
