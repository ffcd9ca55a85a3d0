import { expect, Page, test as base } from '@playwright/test';
import { readE2eEnv } from './e2e-env';

/** Playwright's `test`, pointed at the engine the global setup started. */
export const test = base.extend({
  baseURL: async ({}, use) => {
    await use(readE2eEnv('baseUrl'));
  },
});

export { expect };

/** Signs in through the login form and waits for the customers page. */
export async function signIn(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Customers' })).toBeVisible();
}
