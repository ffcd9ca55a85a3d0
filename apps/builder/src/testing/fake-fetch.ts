/**
 * A small stand-in for `fetch` in component tests: answers by "METHOD /path" and records every call.
 * (The browser tests in e2e/ use the real engine instead.)
 */
export interface FakeCall {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
}

export interface FakeAnswer {
  status?: number;
  body: unknown;
}

type Responder = FakeAnswer | ((call: FakeCall) => FakeAnswer);

export interface FakeFetch {
  calls: FakeCall[];
  /** Calls to one path, for example `callsTo('GET /api/customers')`. */
  callsTo(route: string): FakeCall[];
  restore(): void;
}

export function installFakeFetch(routes: Record<string, Responder>): FakeFetch {
  const original = globalThis.fetch;
  const calls: FakeCall[] = [];
  const fake = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://localhost');
    const call: FakeCall = {
      method: (init.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      query: url.searchParams,
      headers: { ...(init.headers as Record<string, string> | undefined) },
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    calls.push(call);
    const responder = routes[`${call.method} ${call.path}`];
    const answer: FakeAnswer = !responder
      ? { status: 404, body: { statusCode: 404, code: 'NOT_FOUND', message: `No fake answer for ${call.method} ${call.path}.` } }
      : typeof responder === 'function'
        ? responder(call)
        : responder;
    const status = answer.status ?? 200;
    return { ok: status >= 200 && status < 300, status, text: async () => JSON.stringify(answer.body) } as Response;
  };
  globalThis.fetch = fake as typeof fetch;
  return {
    calls,
    callsTo: (route) => calls.filter((c) => `${c.method} ${c.path}` === route),
    restore: () => {
      globalThis.fetch = original;
    },
  };
}
