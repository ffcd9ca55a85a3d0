import { SEEDED_SEGMENTS } from '../support/analytics-workspace';
import { analyticsTest as test, expect, signIn } from '../support/analytics-fixtures';
import { ADMIN, ANALYST } from '../support/e2e-env';

test.describe('administration', () => {
  test('an admin creates an API key, sees it once, and revokes it; the engine then refuses it', async ({ page, request }) => {
    await signIn(page, ADMIN);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
    await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
    await expect(page.getByRole('rowheader', { name: ANALYST.email })).toBeVisible();
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'API keys' }).click();

    const name = `browser key ${Date.now()}`;
    await page.getByLabel('Key name').fill(name);
    await page.getByLabel(/^read/).check();
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = (await page.getByTestId('new-api-key').textContent())!.trim();
    expect(secret).toMatch(/^rk_/);
    expect((await request.get('/api/segments', { headers: { authorization: `Bearer ${secret}` } })).status()).toBe(200);
    await page.getByRole('button', { name: 'Done' }).click();
    await expect(page.getByTestId('new-api-key')).toHaveCount(0);

    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });
    await expect(row).toContainText('active');
    page.once('dialog', (dialog) => dialog.accept());
    await row.getByRole('button', { name: `Revoke ${name}` }).click();
    await expect(row).toContainText('revoked');
    expect((await request.get('/api/segments', { headers: { authorization: `Bearer ${secret}` } })).status()).toBe(401);

    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Audit log' }).click();
    await expect(page.getByRole('table', { name: 'Audit log' })).toContainText(name);
  });

  test('an analyst sees every screen read-only and no admin pages', async ({ page }) => {
    await signIn(page, ANALYST);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: 'Segments' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Admin' })).toHaveCount(0);

    await nav.getByRole('link', { name: 'Segments' }).click();
    await expect(page.getByRole('link', { name: SEEDED_SEGMENTS.atRisk, exact: true })).toBeVisible();
    await expect(page.getByRole('link', { name: 'New segment' })).toHaveCount(0);
    await page.getByRole('link', { name: SEEDED_SEGMENTS.atRisk, exact: true }).click();
    await expect(page.getByRole('heading', { name: SEEDED_SEGMENTS.atRisk, level: 1 })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Members' })).toBeVisible();
    for (const control of ['Refresh now', 'Archive']) await expect(page.getByRole('button', { name: control })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Edit' })).toHaveCount(0);

    await page.goto('/segments/rfm');
    await expect(page.getByRole('img', { name: 'Customers per RFM cell' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Refresh segmentation' })).toHaveCount(0);

    await nav.getByRole('link', { name: 'Models' }).click();
    await expect(page.getByTestId('model-detail')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Train now' })).toHaveCount(0);

    await page.goto('/admin/api-keys');
    await expect(page.getByRole('heading', { name: 'Admins only' })).toBeVisible();
    await page.goto('/segments/new');
    await expect(page.getByRole('heading', { name: 'Read-only' })).toBeVisible();
  });
});
