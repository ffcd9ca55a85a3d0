// An HTTP server inside the test process that records webhook requests and answers with the
// statuses a test queues (default 200):
//
//   const hooks = await startWebhookTestServer();
//   hooks.respondWith(503, 503);            // the next two requests fail, then 200s
//   … perform a webhook step to hooks.url('/crm') …
//   expect(hooks.requests).toHaveLength(3);
//   await hooks.stop();
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  receivedAt: Date;
}

export interface WebhookTestServer {
  readonly port: number;
  /** http://127.0.0.1:<port><path> */
  url(path?: string): string;
  readonly requests: readonly ReceivedRequest[];
  /** Status codes for the next requests, in order; afterwards 200. */
  respondWith(...statuses: number[]): void;
  clear(): void;
  stop(): Promise<void>;
}

export async function startWebhookTestServer(): Promise<WebhookTestServer> {
  const requests: ReceivedRequest[] = [];
  const queued: number[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), receivedAt: new Date() });
      const status = queued.shift() ?? 200;
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ status }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: (path = '/') => `http://127.0.0.1:${port}${path}`,
    requests,
    respondWith: (...statuses) => void queued.push(...statuses),
    clear: () => {
      requests.splice(0, requests.length);
      queued.splice(0, queued.length);
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
