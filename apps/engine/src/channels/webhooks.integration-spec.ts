import type { StepAction } from '@retain/rules';
import { startTestApp, type TestApp } from '../testing/test-app';
import { ACTION_PERFORMER, type ActionContext, type ActionPerformer } from './action-contract';
import { startWebhookTestServer, type WebhookTestServer } from './testing/webhook-test-server';
import { parseAllowlist } from './webhooks/address-guard';
import { sendWebhookRequest } from './webhooks/webhook-request';
import { verifyWebhookSignature } from './webhooks/webhook-signature';
import { detachedEnrollmentIds } from './testing/detached-enrollment-ids';

const SECRET = 'webhook-test-secret-0123456789';

describe('webhook channel (HTTP server in the test process)', () => {
  let t: TestApp;
  let hooks: WebhookTestServer;
  let performer: ActionPerformer;
  const nextEnrollmentId = detachedEnrollmentIds(3);
  let customerId: number;

  beforeAll(async () => {
    hooks = await startWebhookTestServer();
    t = await startTestApp({ RETAIN_WEBHOOK_SECRET: SECRET, RETAIN_WEBHOOK_ALLOWLIST: '127.0.0.1', RETAIN_WEBHOOK_MAX_ATTEMPTS: '3', RETAIN_WEBHOOK_RETRY_BASE_MS: '50', RETAIN_WEBHOOK_TIMEOUT_MS: '2000' });
    performer = t.app.get<ActionPerformer>(ACTION_PERFORMER);
    customerId = (await t.prisma.customer.create({ data: { email: 'grace@example.com', name: 'Grace "Amazing" Hopper', externalId: 'g-1' } })).id;
  });
  afterAll(async () => {
    await t.close();
    await hooks.stop();
  });
  beforeEach(() => hooks.clear());

  const context = (nodeId = 'hook'): ActionContext => ({ enrollmentId: nextEnrollmentId(), flowId: 7, flowVersionId: 8, nodeId, customerId, now: new Date() });
  const webhook = (url: string, bodyTemplate = '{"name": "{{ customer.name }}", "id": {{ customer.id }}, "ext": "{{ customer.externalId }}"}', method: 'POST' | 'GET' = 'POST'): StepAction => ({
    type: 'webhook',
    nodeId: 'hook',
    label: 'CRM',
    url,
    method,
    headers: { Authorization: 'Bearer crm-token' },
    bodyTemplate,
  });

  it('posts the rendered JSON body, signed, with the node headers and an idempotency key', async () => {
    const ctx = context();
    const outcome = await performer.perform(webhook(hooks.url('/crm')), ctx);
    expect(outcome).toMatchObject({ status: 'sent', detail: { status: 200 } });
    expect(hooks.requests).toHaveLength(1);
    const [request] = hooks.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/crm' });
    // a quote in the name is escaped: the body stays JSON
    expect(JSON.parse(request.body)).toEqual({ name: 'Grace "Amazing" Hopper', id: customerId, ext: 'g-1' });
    expect(request.headers).toMatchObject({ authorization: 'Bearer crm-token', 'content-type': 'application/json', 'idempotency-key': `${ctx.enrollmentId}:hook` });
    const signed = { signature: String(request.headers['x-retain-signature']), timestamp: String(request.headers['x-retain-timestamp']) };
    expect(signed.signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(SECRET, signed, request.body, Math.floor(Date.now() / 1000))).toBe(true);
    expect(verifyWebhookSignature(SECRET, signed, request.body.replace('Grace', 'Eve'), Math.floor(Date.now() / 1000))).toBe(false);
    expect(verifyWebhookSignature('another-secret-0123456789', signed, request.body, Math.floor(Date.now() / 1000))).toBe(false);
    expect(await performer.perform(webhook(hooks.url('/crm')), ctx)).toMatchObject({ status: 'duplicate' });
    expect(hooks.requests).toHaveLength(1);
  });

  it('retries 5xx and 429 with growing delays, with the same idempotency key', async () => {
    hooks.respondWith(503, 429);
    const ctx = context();
    expect(await performer.perform(webhook(hooks.url('/flaky')), ctx)).toMatchObject({ status: 'sent' });
    expect(hooks.requests).toHaveLength(3);
    expect(new Set(hooks.requests.map((r) => r.headers['idempotency-key']))).toEqual(new Set([`${ctx.enrollmentId}:hook`]));
    const gaps = [1, 2].map((i) => hooks.requests[i].receivedAt.getTime() - hooks.requests[i - 1].receivedAt.getTime());
    expect(gaps[0]).toBeGreaterThanOrEqual(45);
    expect(gaps[1]).toBeGreaterThanOrEqual(95);
    expect(await t.prisma.delivery.findUniqueOrThrow({ where: { enrollmentId_nodeId: { enrollmentId: BigInt(ctx.enrollmentId), nodeId: 'hook' } } })).toMatchObject({ status: 'sent', attempts: 3 });
  });

  it('gives up after the configured attempts, and fails a 4xx at once', async () => {
    hooks.respondWith(500, 500, 500, 500);
    expect(await performer.perform(webhook(hooks.url('/down')), context())).toEqual({ status: 'failed', message: expect.stringContaining('after 3 attempts: it answered 500') });
    expect(hooks.requests).toHaveLength(3);
    hooks.clear();
    hooks.respondWith(422);
    expect(await performer.perform(webhook(hooks.url('/bad')), context())).toEqual({ status: 'failed', message: expect.stringContaining('answered 422') });
    expect(hooks.requests).toHaveLength(1);
  });

  it('fails without sending when the rendered body is not JSON or the Liquid is wrong', async () => {
    expect(await performer.perform(webhook(hooks.url('/x'), '{"name": {{ customer.name }}}'), context())).toEqual({ status: 'failed', message: expect.stringContaining('not valid JSON') });
    expect(await performer.perform(webhook(hooks.url('/x'), '{"a": "{{ customer.name | nope }}"}'), context())).toEqual({ status: 'failed', message: expect.stringContaining('undefined filter: nope (line 1, column 8)') });
    expect(hooks.requests).toHaveLength(0);
  });

  it('refuses private, loopback and link-local destinations that the allow-list does not name', async () => {
    for (const url of ['http://10.1.2.3/hook', 'http://169.254.169.254/latest/meta-data', `http://[::1]:${hooks.port}/hook`, 'http://192.168.0.10/']) {
      expect(await performer.perform(webhook(url), context())).toEqual({ status: 'failed', message: expect.stringMatching(/destination is refused: .* (private|linkLocal|loopback) address/) });
    }
    // by name, after DNS resolution: localhost is refused when the allow-list is empty …
    const refused = await sendWebhookRequest({ url: new URL(`http://localhost:${hooks.port}/by-name`), method: 'POST', headers: {}, body: '{}', timeoutMs: 1000 }, parseAllowlist(''));
    expect(refused).toEqual({ kind: 'refused', message: expect.stringContaining('loopback') });
    // … and allowed when the allow-list names the host
    const allowed = await sendWebhookRequest({ url: new URL(`http://localhost:${hooks.port}/by-name`), method: 'POST', headers: {}, body: '{}', timeoutMs: 1000 }, parseAllowlist('localhost'));
    expect(allowed).toMatchObject({ kind: 'response', status: 200 });
    expect(hooks.requests.map((r) => r.path)).toEqual(['/by-name']);
  });
});
