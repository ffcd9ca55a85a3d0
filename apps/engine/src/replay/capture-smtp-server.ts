// The replay's mail sink: a minimal SMTP server on 127.0.0.1 inside the replay process. The flow's
// email steps go through the real email channel (rendering, tracking links, SMTP) to it, and it
// keeps what arrived; nothing leaves the machine. Written on node:net because the `smtp-server`
// package is only a development dependency of the engine.
import net from 'node:net';

export interface CapturedEmail {
  from: string;
  to: string[];
  /** The raw message (headers and body) as received. */
  data: string;
}

export interface CaptureSmtpServer {
  /** smtp://127.0.0.1:<port> (no pooling, so every message is its own session). */
  url: string;
  messages: CapturedEmail[];
  close(): Promise<void>;
}

export async function startCaptureSmtpServer(): Promise<CaptureSmtpServer> {
  const messages: CapturedEmail[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.setEncoding('utf8');
    let buffer = '';
    let inData = false;
    let envelope: { from: string; to: string[] } = { from: '', to: [] };
    let data: string[] = [];
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 replay.invalid Retain replay capture');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            messages.push({ ...envelope, data: data.join('\r\n') });
            envelope = { from: '', to: [] };
            data = [];
            reply('250 2.0.0 captured');
          } else data.push(line.startsWith('..') ? line.slice(1) : line);
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') reply('250 replay.invalid');
        else if (verb === 'MAIL') {
          envelope.from = addressIn(line);
          reply('250 2.1.0 ok');
        } else if (verb === 'RCPT') {
          envelope.to.push(addressIn(line));
          reply('250 2.1.5 ok');
        } else if (verb === 'DATA') {
          inData = true;
          reply('354 end with <CRLF>.<CRLF>');
        } else if (verb === 'RSET') {
          envelope = { from: '', to: [] };
          reply('250 2.0.0 ok');
        } else if (verb === 'NOOP') reply('250 2.0.0 ok');
        else if (verb === 'QUIT') {
          reply('221 2.0.0 bye');
          socket.end();
        } else reply('502 5.5.1 command not supported by the replay capture server');
      }
    });
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}?pool=false`,
    messages,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function addressIn(line: string): string {
  return /<([^>]*)>/.exec(line)?.[1] ?? line.slice(line.indexOf(':') + 1).trim();
}
