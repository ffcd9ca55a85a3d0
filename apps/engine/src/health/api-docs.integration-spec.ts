import { startTestApp, TestApp } from '../testing/test-app';

describe('health and the OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers the health check without credentials', async () => {
    const health = await t.request('GET', '/api/health');
    expect(health).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('serves an OpenAPI document covering the API, with the schemas that validate requests', async () => {
    const doc = await t.request('GET', '/api/docs-json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    const paths = Object.keys(doc.body.paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/auth/login', '/api/customers', '/api/customers/{id}', '/api/customers/{id}/timeline', '/api/users', '/api/api-keys']));
    const login = doc.body.paths['/api/auth/login'].post.requestBody.content['application/json'].schema;
    expect(login.required).toEqual(['email', 'password']);
    expect(doc.body.components.securitySchemes).toHaveProperty('bearer');
    expect(doc.body.components.securitySchemes).toHaveProperty('basic');
  });

  it('serves the OpenAPI UI', async () => {
    const ui = await t.request('GET', '/api/docs');
    expect(ui.status).toBe(200);
    expect(String(ui.body)).toContain('swagger');
  });

  it('answers an unknown API path with a 404 in the usual shape', async () => {
    const missing = await t.request('GET', '/api/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
  });
});
