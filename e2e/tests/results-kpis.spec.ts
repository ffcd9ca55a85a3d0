import type { APIRequestContext } from '@playwright/test';
import { MARKETER, SEEDED_SEGMENTS } from '../support/analytics-workspace';
import { analyticsTest as test, apiGet, expect, signIn } from '../support/analytics-fixtures';
import { ADMIN, ANALYST } from '../support/e2e-env';

// The flow results and KPI pages against the analytics engine (a real Online Retail slice with a
// churn model and segments). Flows are created, published and enrolled through the public API.

type KpiName = 'customerRetention' | 'monthlyChurn' | 'emailEngagement' | 'returningCustomerRevenue' | 'timeToIdentify';
interface KpiSeries {
  unit: 'share' | 'revenue' | 'days';
  points: { month: string; value: number | null }[];
  reason: string | null;
}
interface Kpis {
  series: Record<KpiName, KpiSeries>;
}
interface Arm {
  id: string;
  label: string;
  exposures: number;
  conversions: number;
}
interface Lift {
  conversion: { treated: { customers: number }; holdout: { customers: number } };
}
interface Experiments {
  experiments: { nodeId: string; arms: Arm[]; sample: { reached: boolean } }[];
}

const TITLES: Record<KpiName, string> = {
  customerRetention: 'Customer retention (6-month cohort)',
  monthlyChurn: 'Monthly churn rate',
  emailEngagement: 'Email engagement rate',
  returningCustomerRevenue: 'Revenue from returning customers',
  timeToIdentify: 'Time to identify an at-risk customer',
};

/** The latest value as the page writes it (en-US, the locale this file sets). */
function shown(value: number, unit: KpiSeries['unit']): string {
  if (unit === 'share') return `${(value * 100).toFixed(1)} %`;
  if (unit === 'days') return `${new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(value)} days`;
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(value);
}

/** A manual trigger (with an optional holdout) into a 50/50 split whose arms both end: exposures without any side effect. */
function splitFlow(experimentKey: string, holdoutPercent?: number) {
  return {
    schemaVersion: 1,
    nodes: [
      { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { label: 'Enrolled by the API', source: { kind: 'manual' }, reEntry: { policy: 'never' }, holdoutPercent } },
      {
        id: 'split',
        type: 'abSplit',
        position: { x: 0, y: 120 },
        data: {
          label: 'Thank-you test',
          experimentKey,
          variants: [
            { id: 'A', label: 'No message', weight: 50 },
            { id: 'B', label: 'Thank-you note', weight: 50 },
          ],
          controlVariantId: 'A',
        },
      },
      { id: 'end-a', type: 'exit', position: { x: -150, y: 240 }, data: { label: 'Control ends' } },
      { id: 'end-b', type: 'exit', position: { x: 150, y: 240 }, data: { label: 'Treatment ends' } },
    ],
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'next', target: 'split' },
      { id: 'e2', source: 'split', sourceHandle: 'A', target: 'end-a' },
      { id: 'e3', source: 'split', sourceHandle: 'B', target: 'end-b' },
    ],
  };
}

async function adminToken(request: APIRequestContext): Promise<string> {
  const login = await request.post('/api/auth/login', { data: ADMIN });
  expect(login.ok()).toBe(true);
  return ((await login.json()) as { token: string }).token;
}

async function post<T>(request: APIRequestContext, token: string, path: string, data: unknown): Promise<T> {
  const response = await request.post(path, { data, headers: { authorization: `Bearer ${token}` } });
  if (!response.ok()) throw new Error(`POST ${path} answered ${response.status()}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** Creates and publishes the split flow; returns its id. */
async function publishSplitFlow(request: APIRequestContext, token: string, name: string, holdoutPercent?: number): Promise<number> {
  const flow = await post<{ id: number }>(request, token, '/api/flows', { name, definition: splitFlow(`e2e-${name.replace(/\W+/g, '-').toLowerCase()}`, holdoutPercent) });
  await post(request, token, `/api/flows/${flow.id}/publish`, {});
  return flow.id;
}

/** Big enough that a few dozen champions leave some held out. */
const HOLDOUT_PERCENT = 20;

test.use({ locale: 'en-US' });

test.describe('results and KPIs on the Online Retail slice', () => {
  test('the KPIs page shows the five KPIs with the engine’s latest values, a publication marker and segment health', async ({ page, request }, testInfo) => {
    const token = await adminToken(request);
    const flowName = `Published for the KPIs ${Date.now()}`;
    await publishSplitFlow(request, token, flowName);
    const kpis = await apiGet<Kpis>(request, ADMIN, '/api/kpis');
    // The slice has a year of purchases: the purchase KPIs must have months with values.
    for (const name of ['customerRetention', 'monthlyChurn', 'returningCustomerRevenue'] as const) expect(kpis.series[name].points.some((p) => p.value !== null)).toBe(true);

    await signIn(page, ANALYST);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'KPIs' }).click();
    await expect(page.getByRole('heading', { name: 'KPIs', level: 1 })).toBeVisible();
    let charts = 0;
    for (const [name, title] of Object.entries(TITLES) as [KpiName, string][]) {
      const card = page.getByTestId(`kpi-${name}`);
      await expect(card.getByRole('heading', { name: title })).toBeVisible();
      const series = kpis.series[name];
      const valued = series.points.filter((p) => p.value !== null);
      if (valued.length === 0) {
        await expect(card).toContainText(series.reason ?? 'No values yet.');
        continue;
      }
      charts++;
      await expect(card.getByTestId('kpi-latest')).toHaveText(shown(valued[valued.length - 1].value!, series.unit));
      await expect(card.getByRole('img', { name: `${title} by month` })).toBeVisible();
      await expect(card.getByRole('img', { name: `${title} by month` }).locator('circle')).toHaveCount(valued.length);
    }
    expect(charts).toBeGreaterThanOrEqual(3);

    // Before/after a flow: the page asks the engine again and marks the publication on each trend.
    await page.getByRole('combobox', { name: /Before and after a flow went live/ }).selectOption({ label: flowName });
    await expect(page.getByTestId('comparison-note')).toContainText(`“${flowName}” was first published on`);
    await expect(page.getByTestId('publication-marker')).toHaveCount(charts);

    const health = page.getByRole('table', { name: 'Segment health, latest week' });
    await expect(health.getByRole('row', { name: new RegExp(SEEDED_SEGMENTS.highRisk) })).toBeVisible();
    await expect(page.getByTestId('segment-health-charts').getByRole('img')).toHaveCount(3);
    await page.screenshot({ path: testInfo.outputPath('kpis.png'), fullPage: true });
  });

  test('a flow’s results page shows the arms of its A/B split with the engine’s exposures, and the funnel', async ({ page, request }, testInfo) => {
    const token = await adminToken(request);
    const flowName = `Split results ${Date.now()}`;
    const flowId = await publishSplitFlow(request, token, flowName, HOLDOUT_PERCENT);
    const segments = await apiGet<{ id: number; name: string; size: number }[]>(request, ADMIN, '/api/segments');
    const champions = segments.find((s) => s.name === SEEDED_SEGMENTS.champions)!;
    const enrolled = await post<{ enrolled: number }>(request, token, `/api/flows/${flowId}/enrollments`, { segmentId: champions.id });
    expect(enrolled.enrolled).toBeGreaterThan(10);
    // Held-out customers are enrolled but never stepped; the runtime steps every treated one through the split, which leaves an exposure.
    const lift = await apiGet<Lift>(request, ADMIN, `/api/flows/${flowId}/lift`);
    expect(lift.conversion.treated.customers + lift.conversion.holdout.customers).toBe(enrolled.enrolled);
    expect(lift.conversion.holdout.customers).toBeGreaterThan(0);
    await expect
      .poll(
        async () => {
          const { experiments } = await apiGet<Experiments>(request, ADMIN, `/api/flows/${flowId}/experiments`);
          return experiments[0].arms.reduce((sum, arm) => sum + arm.exposures, 0);
        },
        { timeout: 60_000, intervals: [500] },
      )
      .toBe(lift.conversion.treated.customers);
    const { experiments } = await apiGet<Experiments>(request, ADMIN, `/api/flows/${flowId}/experiments`);
    const arms = experiments[0].arms;
    expect(arms.every((arm) => arm.exposures > 0)).toBe(true);

    await signIn(page, MARKETER);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Flows' }).click();
    await page.getByRole('link', { name: `Results of ${flowName}` }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(`${flowName} / Results`);
    const table = page.getByRole('table', { name: 'Arms of Thank-you test' });
    for (const arm of arms) {
      const row = table.getByTestId(`arm-${arm.id}`);
      await expect(row.getByRole('rowheader')).toContainText(arm.label);
      await expect(row.getByRole('cell').first()).toHaveText(arm.exposures.toLocaleString('en-US'));
      await expect(row.getByRole('cell').nth(1)).toHaveText(arm.conversions.toLocaleString('en-US'));
    }
    await expect(page.getByRole('img', { name: 'Conversion rate per arm, with its interval' }).getByTestId('interval-row')).toHaveCount(2);
    // A few dozen champions are far below the minimum sample: the page says so in words.
    expect(experiments[0].sample.reached).toBe(false);
    await expect(page.getByTestId('sample-status')).toContainText('Not enough data yet:');
    const funnel = page.getByRole('img', { name: new RegExp(`Funnel: ${lift.conversion.treated.customers.toLocaleString('en-US')} entries`) }); // held-out customers never enter
    await expect(funnel.getByTestId('chart-bar')).toHaveCount(5); // entered, the split, two exits and the goal
    const holdout = page.getByTestId('holdout-lift');
    await expect(holdout).toContainText(`${HOLDOUT_PERCENT} % of entrants are held out of the journey`);
    await expect(holdout.getByTestId('lift-conversion')).toContainText(`of ${lift.conversion.treated.customers.toLocaleString('en-US')}`);
    await expect(holdout.getByTestId('lift-conversion')).toContainText(`of ${lift.conversion.holdout.customers.toLocaleString('en-US')}`);
    await page.screenshot({ path: testInfo.outputPath('results.png'), fullPage: true });

    // Promotion is guarded by the engine: before the minimum sample it explains why not, and nothing is decided.
    await page.getByRole('button', { name: 'Promote this arm: Thank-you note' }).click();
    await page.getByRole('dialog', { name: 'Promote “Thank-you note”?' }).getByRole('button', { name: 'Promote' }).click();
    await expect(page.getByRole('alert')).toContainText('cannot be promoted yet');
    await expect(page.getByTestId('decision')).toHaveCount(0);
  });
});
