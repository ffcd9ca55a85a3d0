import { ROLES, API_KEY_SCOPES } from './access.decorator';
import { listRoutes, RouteInfo } from '../testing/route-inventory';
import { startTestApp, TestApp } from '../testing/test-app';

/** Routes that anyone may call, on purpose. Anything else public is a mistake. */
const INTENDED_PUBLIC = ['POST /api/auth/login', 'GET /api/health', 'GET /t/o/:file', 'GET /t/c/:token']; // the last two: email open pixel and click links (signed tokens)

const concrete = (route: RouteInfo) => route.path.replace(/:[A-Za-z]+/g, '1');
const label = (route: RouteInfo) => `${route.method} ${route.path}`;

describe('every registered route is guarded', () => {
  let t: TestApp;
  let routes: RouteInfo[];
  const tokens: Record<string, string> = {};
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    routes = listRoutes(t.app);
    for (const role of ROLES) tokens[role] = await t.tokenFor(role);
    for (const scope of API_KEY_SCOPES) keys[scope] = await t.apiKey([scope]);
  });
  afterAll(() => t.close());

  it('finds the routes (sanity check of the walker)', () => {
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.map(label)).toEqual(expect.arrayContaining(['GET /api/customers', 'POST /api/users', 'DELETE /api/api-keys/:id']));
  });

  it('has an access rule on every route that is not deliberately public', () => {
    const publicRoutes = routes.filter((r) => r.isPublic).map(label).sort();
    expect(publicRoutes).toEqual([...INTENDED_PUBLIC].sort());
    const missing = routes.filter((r) => !r.isPublic && !r.access).map(label);
    expect(missing).toEqual([]);
  });

  it('answers 401 to an anonymous call on every guarded route', async () => {
    const wrong: string[] = [];
    for (const route of routes.filter((r) => !r.isPublic)) {
      const response = await t.request(route.method, concrete(route), { body: ['GET', 'DELETE'].includes(route.method) ? undefined : {} });
      if (response.status !== 401) wrong.push(`${label(route)} → ${response.status}`);
      const badToken = await t.request(route.method, concrete(route), { auth: 'not-a-real-token' });
      if (badToken.status !== 401) wrong.push(`${label(route)} with a forged token → ${badToken.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('answers 403 to every role and API-key scope that the route does not allow', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const route of routes.filter((r) => !r.isPublic && r.access)) {
      const body = ['GET', 'DELETE'].includes(route.method) ? undefined : {};
      for (const role of ROLES.filter((r) => !route.access!.roles.includes(r))) {
        const response = await t.request(route.method, concrete(route), { auth: tokens[role], body });
        checked++;
        if (response.status !== 403) wrong.push(`${label(route)} as ${role} → ${response.status}`);
      }
      for (const scope of API_KEY_SCOPES.filter((s) => !route.access!.scopes.includes(s))) {
        const response = await t.request(route.method, concrete(route), { auth: keys[scope], body });
        checked++;
        if (response.status !== 403) wrong.push(`${label(route)} with a ${scope} key → ${response.status}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(10);
  });

  it('lets an allowed role past the guard (the answer is not 401 or 403)', async () => {
    const wrong: string[] = [];
    for (const route of routes.filter((r) => !r.isPublic && r.access && r.access.roles.length && r.method === 'GET')) {
      const response = await t.request(route.method, concrete(route), { auth: tokens[route.access!.roles[0]] });
      if (response.status === 401 || response.status === 403) wrong.push(`${label(route)} as ${route.access!.roles[0]} → ${response.status}`);
    }
    expect(wrong).toEqual([]);
  });
});
