import { SEEDED_SEGMENTS } from '../support/analytics-workspace';
import { analyticsTest as test, apiGet, expect, signIn } from '../support/analytics-fixtures';
import { ADMIN, ANALYST } from '../support/e2e-env';

interface ModelVersion {
  id: number;
  status: string;
  metrics: { rocAuc: number };
}
interface ModelDetail extends ModelVersion {
  importances: { name: string }[];
}
interface Score {
  score: number;
  reasons: { text: string }[];
}

test.describe('models and scores on the Online Retail slice, as an analyst', () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, ANALYST);
  });

  test('the models page shows the active churn model’s ROC curve, feature importance and metrics', async ({ page, request }) => {
    const versions = await apiGet<ModelVersion[]>(request, ADMIN, '/api/models');
    const active = versions.find((v) => v.status === 'active')!;
    const detail = await apiGet<ModelDetail>(request, ADMIN, `/api/models/${active.id}`);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Models' }).click();
    const shown = page.getByTestId('model-detail');
    await expect(shown.getByRole('heading', { level: 2 })).toContainText('active');
    await expect(shown.getByRole('img', { name: `ROC curve (AUC ${active.metrics.rocAuc.toFixed(3)})` })).toBeVisible();
    const importance = shown.getByRole('img', { name: /Feature importance/ });
    await expect(importance).toBeVisible();
    await expect(importance.getByTestId('chart-bar')).toHaveCount(detail.importances.length);
    await expect(shown.getByLabel('Metrics on held-out customers')).toContainText('Brier score');
    await expect(page.getByRole('table', { name: 'Training runs' })).toContainText('succeeded');
    await expect(page.getByRole('table', { name: 'Model versions' }).getByRole('rowheader')).toHaveCount(versions.length);
  });

  test('a customer’s profile shows the churn score with its reasons in words', async ({ page, request }) => {
    const segments = await apiGet<{ id: number; name: string }[]>(request, ADMIN, '/api/segments');
    const highRisk = segments.find((s) => s.name === SEEDED_SEGMENTS.highRisk)!;
    const members = await apiGet<{ items: { customerId: number }[] }>(request, ADMIN, `/api/segments/${highRisk.id}/members?pageSize=1`);
    const customerId = members.items[0].customerId;
    const score = await apiGet<Score>(request, ADMIN, `/api/customers/${customerId}/score`);
    expect(score.reasons.length).toBeGreaterThan(0);

    await page.goto(`/customers/${customerId}`);
    await expect(page.getByTestId('churn-score')).toHaveText(`${Math.round(score.score * 100)}%`);
    const reasons = page.getByRole('list', { name: 'Reasons for the churn risk' }).getByRole('listitem');
    await expect(reasons).toHaveText(score.reasons.map((r) => r.text));
    await expect(page.getByRole('list', { name: 'Current segments' })).toContainText(SEEDED_SEGMENTS.highRisk);
  });
});
