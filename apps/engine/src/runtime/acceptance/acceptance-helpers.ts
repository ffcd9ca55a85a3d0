// Shared by the runtime acceptance specs: polling the database until a condition holds, and the
// emails the test SMTP server received, per address.
import type { ReceivedEmail } from '../../channels/testing/smtp-test-server';

/** Polls `probe` until it returns a value `done` accepts; throws with the last value after `timeoutMs`. */
export async function waitUntil<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** address → the emails it received. */
export function emailsByAddress(messages: readonly ReceivedEmail[]): Map<string, ReceivedEmail[]> {
  const byAddress = new Map<string, ReceivedEmail[]>();
  for (const message of messages) {
    for (const address of message.envelopeTo) byAddress.set(address, [...(byAddress.get(address) ?? []), message]);
  }
  return byAddress;
}

/** A Redis db of its own for the acceptance runs (the crash test empties the whole local Redis with FLUSHALL), on the local Redis. */
export const ACCEPTANCE_REDIS_URL = process.env.RETAIN_ACCEPTANCE_REDIS_URL ?? 'redis://127.0.0.1:6379/5';
