import { ADMIN, ANALYST } from '../support/e2e-env';
import { expect, signIn, test } from '../support/fixtures';
import { SAMPLE_CUSTOMERS } from '../support/sample-data';

test('a wrong password shows the server’s message', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('The email or password is wrong, or the account is disabled.');
  await expect(page).toHaveURL(/\/login$/);
});

test('a page that needs a session sends the visitor to the login page, then back', async ({ page }) => {
  await page.goto('/customers?plan=pro');
  await expect(page.getByRole('heading', { name: 'Sign in to Retain' })).toBeVisible();
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/customers\?plan=pro$/);
  await expect(page.getByTestId('result-count')).toHaveText('Showing 1–2 of 2 customers');
});

test('an analyst can sign in and read the customers', async ({ page }) => {
  await signIn(page, ANALYST);
  await expect(page.getByTestId('user-email')).toHaveText(ANALYST.email);
  await expect(page.getByTestId('user-role')).toHaveText('analyst');
  await expect(page.getByRole('table').getByRole('link', { name: SAMPLE_CUSTOMERS[0].name })).toBeVisible();
});

test('signing out returns to the login page and forgets the session', async ({ page }) => {
  await signIn(page, ADMIN);
  await expect(page.getByTestId('user-email')).toHaveText(ADMIN.email);
  await expect(page.getByTestId('user-role')).toHaveText('admin');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Retain' })).toBeVisible();
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  await page.goto('/customers');
  await expect(page.getByRole('heading', { name: 'Sign in to Retain' })).toBeVisible();
});
