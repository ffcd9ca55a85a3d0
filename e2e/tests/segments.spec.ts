import { MARKETER, SEEDED_SEGMENTS } from '../support/analytics-workspace';
import { analyticsTest as test, apiGet, expect, signIn } from '../support/analytics-fixtures';
import { ADMIN } from '../support/e2e-env';

interface Segment {
  id: number;
  name: string;
  size: number;
}
interface RfmGrid {
  scoredCustomers: number;
  cells: { r: number; fm: number; segment: string; customers: number }[];
  segments: { segment: string; customers: number }[];
}
interface Clustering {
  k: number;
  customers: number;
  profiles: { cluster: number; label: string; size: number }[];
}

const count = (n: number) => n.toLocaleString('en-US');

test.describe('segments on the Online Retail slice, as a marketer', () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, MARKETER);
  });

  test('the segments list leads to a segment’s members, its size over time and its entries with reasons', async ({ page, request }) => {
    const segments = await apiGet<Segment[]>(request, ADMIN, '/api/segments');
    const atRisk = segments.find((s) => s.name === SEEDED_SEGMENTS.atRisk)!;
    expect(atRisk.size).toBeGreaterThan(0);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Segments' }).click();
    for (const name of Object.values(SEEDED_SEGMENTS)) await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: SEEDED_SEGMENTS.atRisk, exact: true }) });
    await expect(row.getByTestId('segment-size')).toHaveText(count(atRisk.size));

    await row.getByRole('link', { name: SEEDED_SEGMENTS.atRisk, exact: true }).click();
    await expect(page.getByRole('heading', { name: SEEDED_SEGMENTS.atRisk, level: 1 })).toBeVisible();
    await expect(page.getByTestId('segment-size')).toHaveText(count(atRisk.size));
    await expect(page.getByRole('img', { name: 'Members over the last 90 days' })).toBeVisible();
    const members = page.getByRole('table', { name: 'Members' });
    await expect(members.getByRole('rowheader')).toHaveCount(Math.min(25, atRisk.size));
    await expect(page.getByTestId('result-count')).toContainText(`of ${count(atRisk.size)} member`);
    await expect(page.getByRole('list', { name: 'Entries and exits' }).getByRole('listitem').first()).toContainText(/entered.*RFM segment At Risk \(R \d, F \d, M \d\)/);

    // a member's profile lists the segment in its history
    await members.getByRole('rowheader').first().getByRole('link').click();
    await expect(page.getByRole('list', { name: 'Current segments' })).toContainText(SEEDED_SEGMENTS.atRisk);
    await expect(page.getByRole('list', { name: 'Segment history' })).toContainText('RFM segment At Risk');
  });

  test('the RFM grid and the clusters show the numbers of the seeded data', async ({ page, request }) => {
    const grid = await apiGet<RfmGrid>(request, ADMIN, '/api/segmentation/rfm-grid');
    const clustering = await apiGet<Clustering>(request, ADMIN, '/api/segmentation/clusters');
    expect(grid.scoredCustomers).toBeGreaterThan(400);

    await page.goto('/segments');
    await page.getByRole('navigation', { name: 'Segmentation' }).getByRole('link', { name: 'RFM grid' }).click();
    await expect(page.getByTestId('rfm-summary')).toContainText(`${count(grid.scoredCustomers)} customers scored`);
    await expect(page.getByRole('img', { name: 'Customers per RFM cell' })).toBeVisible();
    for (const cell of grid.cells) {
      const shown = page.getByTestId(`heat-cell-${cell.r}-${cell.fm}`);
      await expect(shown.locator('.heat-value')).toHaveText(count(cell.customers));
      await expect(shown.locator('title')).toHaveText(`Recency ${cell.r}, Frequency & monetary ${cell.fm}: ${count(cell.customers)} (${cell.segment})`);
    }
    const champions = grid.segments.find((s) => s.segment === 'Champions')!;
    await expect(page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Champions' }) })).toContainText(count(champions.customers));

    await page.getByRole('navigation', { name: 'Segmentation' }).getByRole('link', { name: 'Clusters' }).click();
    await expect(page.getByTestId('clusters-summary')).toContainText(`${count(clustering.customers)} customers in ${clustering.k} clusters`);
    await expect(page.getByTestId('cluster-card')).toHaveCount(clustering.k);
    for (const profile of clustering.profiles) {
      await expect(page.getByRole('heading', { name: `Cluster ${profile.cluster}: ${profile.label}` })).toBeVisible();
    }
    await expect(page.getByRole('img', { name: /Silhouette per number of clusters/ })).toBeVisible();
    await expect(page.getByRole('img', { name: 'Customers per cluster' })).toBeVisible();
  });

  test('a marketer builds a rule segment with the condition builder; its size is the preview’s count', async ({ page }) => {
    await page.goto('/segments');
    await page.getByRole('link', { name: 'New segment' }).click();
    await page.getByLabel('Name').fill('Spent over 3,000');
    await page.getByRole('button', { name: 'Add rule' }).click();
    const rule = page.getByRole('group', { name: 'Rule 1' });
    await rule.getByLabel('Rule 1 field').selectOption('features.monetary');
    await rule.getByLabel('Rule 1 operator').selectOption('greaterThan');
    await rule.getByLabel('Rule 1 value').fill('3000');
    await page.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByTestId('segment-preview');
    await expect(preview).toContainText('customers match today');
    const matching = (await preview.textContent())!.split(' of ')[0];
    expect(Number(matching.replace(/,/g, ''))).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Create segment' }).click();
    await expect(page.getByRole('heading', { name: 'Spent over 3,000', level: 1 })).toBeVisible();
    await expect(page.getByTestId('segment-size')).toHaveText(matching);
    await page.getByRole('button', { name: 'Refresh now' }).click();
    await expect(page.getByTestId('segment-size')).toHaveText(matching);
  });
});
