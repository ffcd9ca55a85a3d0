import { ADMIN, ANALYST } from './e2e-env';
import { sampleBatch } from './sample-data';

async function call(baseUrl: string, method: string, path: string, auth: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

/**
 * Loads the sample the way a user would: sign in as the admin, create an ingest key, send the
 * customers and events through the Segment-style /v1/batch, and create an analyst.
 */
export async function seedThroughApi(baseUrl: string): Promise<void> {
  const login = (await call(baseUrl, 'POST', '/api/auth/login', '', { email: ADMIN.email, password: ADMIN.password })) as { token: string };
  const admin = `Bearer ${login.token}`;

  const { key } = (await call(baseUrl, 'POST', '/api/api-keys', admin, { name: 'e2e ingest', scopes: ['ingest'] })) as { key: string };
  const writeKey = `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
  await call(baseUrl, 'POST', '/v1/batch', writeKey, sampleBatch());

  await call(baseUrl, 'POST', '/api/users', admin, { email: ANALYST.email, name: 'E2E Analyst', role: 'analyst', password: ANALYST.password });
}
