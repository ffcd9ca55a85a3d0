import { startTestApp, TestApp } from '../testing/test-app';

describe('auth: login, users, API keys, audit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('logs in with a password and rejects a wrong one without saying which part was wrong', async () => {
    const admin = await t.tokenFor('admin');
    const me = await t.request('GET', '/api/auth/me', { auth: admin });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ kind: 'user', role: 'admin' });
    const wrong = await t.request('POST', '/api/auth/login', { body: { email: me.body.email, password: 'not-the-password' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
  });

  it('lets an admin create, change and disable users, and writes each change to the audit log', async () => {
    const admin = await t.tokenFor('admin');
    const created = await t.request('POST', '/api/users', { auth: admin, body: { email: 'Mia@Example.com', role: 'marketer', password: 'long-enough-password' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: 'mia@example.com', role: 'marketer' });
    expect(created.body.passwordHash).toBeUndefined();

    const duplicate = await t.request('POST', '/api/users', { auth: admin, body: { email: 'mia@example.com', role: 'analyst', password: 'long-enough-password' } });
    expect(duplicate.status).toBe(409);

    const weak = await t.request('POST', '/api/users', { auth: admin, body: { email: 'x@example.com', role: 'analyst', password: 'short' } });
    expect(weak.status).toBe(400);
    expect(weak.body.details[0].path).toBe('password');

    const changed = await t.request('PATCH', `/api/users/${created.body.id}`, { auth: admin, body: { role: 'analyst', disabled: true } });
    expect(changed.status).toBe(200);
    expect(changed.body.role).toBe('analyst');
    expect(changed.body.disabledAt).not.toBeNull();

    const login = await t.request('POST', '/api/auth/login', { body: { email: 'mia@example.com', password: 'long-enough-password' } });
    expect(login.status).toBe(401);

    const audit = await t.request('GET', '/api/audit?limit=50', { auth: admin });
    const actions = audit.body.filter((e: { targetId: string }) => e.targetId === String(created.body.id)).map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['user.created', 'user.updated']));
  });

  it('issues API keys shown once, stores only a hash, scopes them, and refuses them once revoked', async () => {
    const admin = await t.tokenFor('admin');
    const created = await t.request('POST', '/api/api-keys', { auth: admin, body: { name: 'warehouse', scopes: ['read'] } });
    expect(created.status).toBe(201);
    const key: string = created.body.key;
    expect(key).toMatch(/^rk_[a-f0-9]{12}_/);
    const stored = await t.prisma.apiKey.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(stored.secretHash).not.toContain(key.split('_')[2]);

    const listed = await t.request('GET', '/api/api-keys', { auth: admin });
    expect(JSON.stringify(listed.body)).not.toContain(key);

    expect((await t.request('GET', '/api/auth/me', { auth: key })).status).toBe(200);
    expect((await t.request('GET', '/api/users', { auth: key })).status).toBe(403);

    const revoked = await t.request('DELETE', `/api/api-keys/${created.body.id}`, { auth: admin });
    expect(revoked.status).toBe(200);
    expect((await t.request('GET', '/api/auth/me', { auth: key })).status).toBe(401);

    const audit = await t.prisma.auditLog.findMany({ where: { targetType: 'apiKey', targetId: String(created.body.id) } });
    expect(audit.map((a) => a.action).sort()).toEqual(['apiKey.created', 'apiKey.revoked']);
  });

  it('answers malformed JSON, unknown fields and bad ids with 4xx and a message', async () => {
    const admin = await t.tokenFor('admin');
    const malformed = await t.request('POST', '/api/users', { auth: admin, rawBody: '{"email":', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('MALFORMED_JSON');
    const unknown = await t.request('POST', '/api/api-keys', { auth: admin, body: { name: 'k', scopes: ['read'], colour: 'red' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('colour');
    const badId = await t.request('GET', '/api/users/abc', { auth: admin });
    expect(badId.status).toBe(400);
    const missing = await t.request('GET', '/api/users/999999', { auth: admin });
    expect(missing.status).toBe(404);
  });
});
