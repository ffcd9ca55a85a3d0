import { ADMIN } from '../support/e2e-env';
import { expect, signIn, test } from '../support/fixtures';
import { GRACE_ORDER, SAMPLE_CUSTOMERS } from '../support/sample-data';

test.describe('customers, as the admin', () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, ADMIN);
  });

  test('lists the seeded customers, narrows them by search, and opens a profile with its timeline', async ({ page }) => {
    const table = page.getByRole('table');
    for (const customer of SAMPLE_CUSTOMERS) await expect(table.getByRole('link', { name: customer.name })).toBeVisible();
    await expect(page.getByTestId('result-count')).toHaveText(`Showing 1–${SAMPLE_CUSTOMERS.length} of ${SAMPLE_CUSTOMERS.length} customers`);

    await page.getByLabel('Search').fill('grace');
    await expect(page).toHaveURL(/[?&]q=grace/);
    await expect(table.getByRole('link', { name: 'Ada Lovelace' })).toHaveCount(0);
    await expect(page.getByTestId('result-count')).toHaveText('Showing 1–1 of 1 customer');

    await table.getByRole('link', { name: 'Grace Hopper' }).click();
    await expect(page.getByRole('heading', { name: 'Grace Hopper', level: 1 })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Attributes' })).toContainText('favouriteColour');
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await expect(timeline).toContainText(GRACE_ORDER.event);
    await expect(timeline).toContainText(GRACE_ORDER.orderId);
  });

  test('keeps the filters in the URL across a reload', async ({ page }) => {
    await page.getByLabel('Country').selectOption('United Kingdom');
    await expect(page).toHaveURL(/country=United\+Kingdom/);
    await expect(page.getByTestId('result-count')).toHaveText('Showing 1–2 of 2 customers');

    await page.reload();
    await expect(page.getByLabel('Country')).toHaveValue('United Kingdom');
    await expect(page.getByTestId('result-count')).toHaveText('Showing 1–2 of 2 customers');
    await expect(page.getByRole('table').getByRole('link', { name: 'Marie Curie' })).toHaveCount(0);
  });

  test('says kindly that a customer does not exist', async ({ page }) => {
    await page.goto('/customers/987654');
    await expect(page.getByRole('heading', { name: 'No such customer' })).toBeVisible();
  });
});
