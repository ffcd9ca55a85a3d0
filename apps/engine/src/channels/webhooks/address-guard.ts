// Webhooks must not become a way to reach the engine's own network (SSRF): destinations whose
// address (after DNS resolution) is private, loopback, link-local or otherwise not public
// unicast are refused, unless RETAIN_WEBHOOK_ALLOWLIST names the host or a CIDR containing it.
import ipaddr from 'ipaddr.js';

export interface Allowlist {
  hosts: ReadonlySet<string>;
  ranges: readonly [ipaddr.IPv4 | ipaddr.IPv6, number][];
}

/** "127.0.0.1, 10.0.0.0/8, crm.internal" → hosts and CIDR ranges (a bare IP is a /32 or /128). */
export function parseAllowlist(text: string): Allowlist {
  const hosts = new Set<string>();
  const ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  for (const entry of text.split(',').map((e) => e.trim().toLowerCase()).filter(Boolean)) {
    if (entry.includes('/')) {
      try {
        ranges.push(ipaddr.parseCIDR(entry));
      } catch {
        throw new Error(`RETAIN_WEBHOOK_ALLOWLIST: "${entry}" is not a CIDR range like 10.0.0.0/8.`);
      }
    } else if (ipaddr.isValid(entry)) {
      const address = normalized(entry);
      ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else {
      hosts.add(entry);
    }
  }
  return { hosts, ranges };
}

function normalized(ip: string): ipaddr.IPv4 | ipaddr.IPv6 {
  const address = ipaddr.parse(ip);
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) return (address as ipaddr.IPv6).toIPv4Address();
  return address;
}

/** The address's range name ("unicast" for public addresses; "private", "loopback", "linkLocal", …). */
export function addressRange(ip: string): string {
  return normalized(ip).range();
}

export function isPublicAddress(ip: string): boolean {
  return addressRange(ip) === 'unicast';
}

function inAllowlist(host: string, ip: string, allowlist: Allowlist): boolean {
  if (allowlist.hosts.has(host.toLowerCase())) return true;
  const address = normalized(ip);
  return allowlist.ranges.some(([range, bits]) => range.kind() === address.kind() && (address as ipaddr.IPv4).match(range as ipaddr.IPv4, bits));
}

/** Undefined if `host` may be reached at `ip`; otherwise why not, in words. */
export function refusedDestination(host: string, ip: string, allowlist: Allowlist): string | undefined {
  if (!ipaddr.isValid(ip)) return `${ip} is not an IP address`;
  if (isPublicAddress(ip) || inAllowlist(host, ip, allowlist)) return undefined;
  return `${host} resolves to ${ip}, a ${addressRange(ip)} address; webhooks may only reach public addresses unless RETAIN_WEBHOOK_ALLOWLIST names the host or its range`;
}
