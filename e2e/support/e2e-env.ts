/**
 * What the global setup hands to the tests and to the teardown. Playwright passes environment
 * variables set in the global setup on to the test workers, so they travel that way.
 */
export const E2E_ENV = {
  baseUrl: 'RETAIN_E2E_BASE_URL',
  databaseName: 'RETAIN_E2E_DATABASE',
  enginePid: 'RETAIN_E2E_ENGINE_PID',
  retainHome: 'RETAIN_E2E_HOME',
} as const;

/** The PostgreSQL server the tests create their database on. */
export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432';

/** Who signs in during the tests. */
export const ADMIN = { email: 'admin@e2e.retain.test', password: 'e2e-admin-password-1' };
export const ANALYST = { email: 'analyst@e2e.retain.test', password: 'e2e-analyst-password-1' };

export function readE2eEnv(name: keyof typeof E2E_ENV): string {
  const value = process.env[E2E_ENV[name]];
  if (!value) throw new Error(`${E2E_ENV[name]} is not set: the Playwright global setup (e2e/global-setup.ts) did not run.`);
  return value;
}
