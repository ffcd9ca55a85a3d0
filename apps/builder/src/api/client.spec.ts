import { saveSession } from '../auth/session-store';
import { FakeFetch, installFakeFetch } from '../testing/fake-fetch';
import { ApiError, buildUrl, onUnauthorized, request } from './client';

describe('API client', () => {
  let fake: FakeFetch | undefined;
  afterEach(() => {
    fake?.restore();
    sessionStorage.clear();
  });

  it('leaves empty query values out of the URL', () => {
    expect(buildUrl('/api/customers', { page: 1, q: '', country: undefined, emailConsent: false })).toBe('/api/customers?page=1&emailConsent=false');
  });

  it('sends the session token and, on a 401, forgets it and tells the listeners', async () => {
    fake = installFakeFetch({ 'GET /api/customers': { status: 401, body: { statusCode: 401, code: 'UNAUTHENTICATED', message: 'Sign in.' } } });
    saveSession('expired-in-the-server', new Date(Date.now() + 60_000).toISOString());
    const listener = jest.fn();
    const stop = onUnauthorized(listener);
    await expect(request('GET', '/api/customers')).rejects.toEqual(new ApiError(401, 'UNAUTHENTICATED', 'Sign in.'));
    stop();
    expect(fake.calls[0].headers.authorization).toBe('Bearer expired-in-the-server');
    expect(listener).toHaveBeenCalledTimes(1);
    expect(sessionStorage.length).toBe(0);
  });

  it('does not send an expired token', async () => {
    fake = installFakeFetch({ 'GET /api/auth/me': { body: {} } });
    saveSession('old', new Date(Date.now() - 1000).toISOString());
    await request('GET', '/api/auth/me');
    expect(fake.calls[0].headers.authorization).toBeUndefined();
  });

  it('turns an unreachable server into a readable error', async () => {
    fake = installFakeFetch({});
    globalThis.fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    await expect(request('GET', '/api/customers')).rejects.toMatchObject({ code: 'NETWORK_ERROR', message: expect.stringContaining('cannot be reached') });
  });
});
