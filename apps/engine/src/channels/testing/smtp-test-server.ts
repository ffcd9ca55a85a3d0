// A real SMTP server inside the test process (npm smtp-server) that keeps what it receives:
//
//   const smtp = await startSmtpTestServer();
//   const app = await startTestApp({ SMTP_URL: smtp.url });
//   … run a flow …
//   const [mail] = await smtp.waitFor(1);            // or smtp.to('ada@example.com')
//   expect(mail.subject).toBe('We miss you, Ada');
//   await smtp.stop();
//
// `failNext(n, code)` makes the next n messages be refused with an SMTP code (e.g. 451, 550).
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { findPart, parseMime } from './mime';

export interface ReceivedEmail {
  /** Envelope sender and recipients (what the SMTP client said), lower-cased. */
  envelopeFrom: string;
  envelopeTo: string[];
  /** Header values, decoded (RFC 2047); names lower-case. */
  headers: Map<string, string>;
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  raw: string;
  receivedAt: Date;
}

export interface SmtpTestServer {
  /** smtp://127.0.0.1:<port>, for SMTP_URL. */
  readonly url: string;
  readonly port: number;
  /** Every message accepted so far, in order. */
  readonly messages: readonly ReceivedEmail[];
  /** Messages whose envelope recipients include `address` (case-insensitive). */
  to(address: string): ReceivedEmail[];
  /** Resolves with all messages once at least `count` arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedEmail[]>;
  /** Refuse the next `count` messages with this SMTP reply code (4xx: temporary, 5xx: permanent). */
  failNext(count: number, responseCode: number): void;
  /** Messages refused by failNext so far. */
  readonly refused: number;
  clear(): void;
  stop(): Promise<void>;
}

export async function startSmtpTestServer(): Promise<SmtpTestServer> {
  const messages: ReceivedEmail[] = [];
  const waiters: { count: number; resolve: (m: ReceivedEmail[]) => void }[] = [];
  let failures: { remaining: number; code: number } = { remaining: 0, code: 0 };
  let refused = 0;

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (failures.remaining > 0) {
          failures = { remaining: failures.remaining - 1, code: failures.code };
          refused++;
          const error = Object.assign(new Error(`Refused by the test server (${failures.code})`), { responseCode: failures.code });
          return callback(error);
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const mime = parseMime(raw);
        const html = findPart(mime, 'text/html')?.body ?? '';
        const text = findPart(mime, 'text/plain')?.body ?? '';
        const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address.toLowerCase() : '';
        messages.push({
          envelopeFrom,
          envelopeTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          headers: mime.headers,
          from: mime.headers.get('from') ?? '',
          to: mime.headers.get('to') ?? '',
          subject: mime.headers.get('subject') ?? '',
          html,
          text,
          raw,
          receivedAt: new Date(),
        });
        for (const waiter of [...waiters]) {
          if (messages.length >= waiter.count) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve([...messages]);
          }
        }
        callback();
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  // A client killed or stopped mid-connection (the crash tests SIGKILL a sender) resets its socket;
  // smtp-server reports that as an 'error' event, which must not become an uncaught exception.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') console.warn(`SMTP test server: ${error.message}`);
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    get refused() {
      return refused;
    },
    to: (address) => messages.filter((m) => m.envelopeTo.includes(address.toLowerCase())),
    waitFor(count, timeoutMs = 10_000) {
      if (messages.length >= count) return Promise.resolve([...messages]);
      return new Promise((resolve, reject) => {
        const waiter = { count, resolve };
        waiters.push(waiter);
        setTimeout(() => {
          const index = waiters.indexOf(waiter);
          if (index >= 0) {
            waiters.splice(index, 1);
            reject(new Error(`Expected ${count} email(s) at the test SMTP server within ${timeoutMs} ms; got ${messages.length}.`));
          }
        }, timeoutMs).unref();
      });
    },
    failNext(count, responseCode) {
      failures = { remaining: count, code: responseCode };
    },
    clear: () => void messages.splice(0, messages.length),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
