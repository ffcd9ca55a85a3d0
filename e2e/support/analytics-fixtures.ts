import { APIRequestContext, expect as baseExpect, Page, test as base } from '@playwright/test';
import { readAnalyticsBaseUrl } from './analytics-workspace';

/**
 * Playwright's `test`, pointed at the analytics engine (Online Retail slice, clusters, churn model).
 * These pages load more per view and sign-ins hash with argon2, so on a busy two-core machine they
 * get three times the configured test timeout and 15 s per expectation.
 */
export const analyticsTest = base.extend<{ patience: void }>({
  baseURL: async ({}, use) => {
    await use(readAnalyticsBaseUrl());
  },
  patience: [
    async ({}, use, testInfo) => {
      testInfo.setTimeout(testInfo.timeout * 3);
      await use();
    },
    { auto: true },
  ],
});

export const expect = baseExpect.configure({ timeout: 15_000 });

/** Signs in through the login form and waits for the customers page. */
export async function signIn(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Customers' })).toBeVisible({ timeout: 30_000 });
}

/** Session tokens per engine and person, so a worker signs in through the API once. */
const tokens = new Map<string, Promise<string>>();

async function tokenFor(request: APIRequestContext, who: { email: string; password: string }): Promise<string> {
  const key = `${readAnalyticsBaseUrl()} ${who.email}`;
  if (!tokens.has(key)) {
    const login = request.post('/api/auth/login', { data: who }).then(async (response) => ((await response.json()) as { token: string }).token);
    tokens.set(key, login);
    login.catch(() => tokens.delete(key));
  }
  return tokens.get(key)!;
}

/** GET an API path as someone, to compare what the screens show with what the engine says. */
export async function apiGet<T>(request: APIRequestContext, who: { email: string; password: string }, path: string): Promise<T> {
  const response = await request.get(path, { headers: { authorization: `Bearer ${await tokenFor(request, who)}` } });
  if (!response.ok()) throw new Error(`GET ${path} answered ${response.status()}: ${await response.text()}`);
  return (await response.json()) as T;
}
