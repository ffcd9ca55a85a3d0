import { loadEnv } from './env';

describe('loadEnv', () => {
  it('applies defaults', () => {
    const env = loadEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.RETAIN_DEMO).toBe(false);
    expect(env.retainHome.endsWith('.retain')).toBe(true);
  });

  it('lists every invalid setting by name', () => {
    expect(() => loadEnv({ PORT: 'eighty', DATABASE_URL: 'not a url', JWT_SECRET: 'short' })).toThrow(/PORT[\s\S]*DATABASE_URL[\s\S]*JWT_SECRET/);
  });
});
