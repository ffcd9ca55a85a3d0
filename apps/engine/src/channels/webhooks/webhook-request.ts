// One HTTP request to a webhook destination, with the address check done where it matters: on
// the address the socket actually connects to (a DNS lookup hook), so a name that resolves to a
// private address — or starts to, between a check and the connection — is refused.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { refusedDestination, type Allowlist } from './address-guard';

export interface WebhookRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export type WebhookResponse =
  | { kind: 'response'; status: number; body: string }
  /** The destination is not allowed: never retried. */
  | { kind: 'refused'; message: string }
  /** No answer (connection, timeout): retried. */
  | { kind: 'network-error'; message: string };

const MAX_RESPONSE_BYTES = 64 * 1024;

// Connections are kept open between requests to the same destination (a batch of webhooks to one
// receiver would otherwise open one connection each). The address check runs when a connection
// is opened (the lookup hook below), so a reused connection goes where a checked one went.
const AGENTS = { 'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }), 'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }) };

class RefusedDestinationError extends Error {}

function guardedLookup(allowlist: Allowlist): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      for (const { address } of addresses) {
        const refused = refusedDestination(hostname, address, allowlist);
        if (refused) return callback(new RefusedDestinationError(refused), '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

export function sendWebhookRequest(request: WebhookRequest, allowlist: Allowlist): Promise<WebhookResponse> {
  const host = request.url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) {
    const refused = refusedDestination(host, host, allowlist);
    if (refused) return Promise.resolve({ kind: 'refused', message: refused });
  }
  const secure = request.url.protocol === 'https:';
  const transport = secure ? https : http;
  return new Promise((resolve) => {
    const outgoing = transport.request(
      request.url,
      { method: request.method, headers: request.headers, lookup: guardedLookup(allowlist), timeout: request.timeoutMs, agent: AGENTS[secure ? 'https:' : 'http:'] },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < MAX_RESPONSE_BYTES) chunks.push(chunk);
          size += chunk.length;
        });
        response.on('end', () => resolve({ kind: 'response', status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8').slice(0, 2000) }));
        response.on('error', (error) => resolve({ kind: 'network-error', message: error.message }));
      },
    );
    // A whole-request deadline too: `timeout` above only covers idle sockets.
    const deadline = setTimeout(() => outgoing.destroy(new Error(`no answer within ${request.timeoutMs} ms`)), request.timeoutMs);
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${request.timeoutMs} ms`)));
    outgoing.on('close', () => clearTimeout(deadline));
    outgoing.on('error', (error) => {
      clearTimeout(deadline);
      if (error instanceof RefusedDestinationError) resolve({ kind: 'refused', message: error.message });
      else resolve({ kind: 'network-error', message: error.message });
    });
    if (request.body !== undefined) outgoing.write(request.body);
    outgoing.end();
  });
}
