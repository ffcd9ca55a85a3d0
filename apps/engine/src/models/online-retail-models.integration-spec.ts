import path from 'node:path';
import { ImportService } from '../imports/import.service';
import { waitForRun } from '../testing/models-testing';
import { startTestApp, TestApp } from '../testing/test-app';

const ONLINE_RETAIL = path.join(__dirname, '..', '..', '..', '..', '..', 'shared', 'data', 'online_retail.csv.gz');

jest.setTimeout(300_000);

describe('Churn models on Online Retail (transactions population, time split)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await t.reset();
    const report = await t.app.get(ImportService).run({ kind: 'transactions', filePath: ONLINE_RETAIL, mode: 'skip-and-report', preset: 'online-retail', actor: { userId: null, label: 'test' } });
    expect(report.status).toBe('succeeded');
  });
  afterAll(() => t.close());

  it('labels churn after 2011-09-09 over 90 days, reports the AUC and scores every buyer with reasons in words', async () => {
    const queued = await t.request('POST', '/api/models/train', { auth: await t.tokenFor('admin'), body: { population: 'transactions', cutoff: '2011-09-09T00:00:00Z', horizonDays: 90 } });
    expect(queued.status).toBe(202);
    const run = await waitForRun(t, queued.body.id);
    expect(run.error).toBeNull();
    const auc = Object.fromEntries(run.modelVersions.map((v) => [v.algorithm, (v.metrics as { rocAuc: number }).rocAuc]));
    const window = run.modelVersions[0].dataWindow as { eligibleCustomers: number; churnedCustomers: number };
    console.log(`Online Retail time split: ${JSON.stringify(auc)}, ${JSON.stringify(window)}; ${(run.outcome as { reason: string }).reason}`);
    // Measured (seed 42): logistic 0.733, forest 0.737 on 3,362 customers, 43 % churned; a drop of 0.025 fails.
    expect(auc.logistic).toBeGreaterThanOrEqual(0.71);
    expect(auc.forest).toBeGreaterThanOrEqual(0.71);
    expect(window).toMatchObject({ churnedCustomers: expect.any(Number) });

    const active = run.activatedModelId as number;
    const [{ scored, withReasons }] = await t.prisma.$queryRaw<{ scored: bigint; withReasons: bigint }[]>`
      SELECT count(*) AS scored, count(*) FILTER (WHERE jsonb_array_length(reasons) > 0) AS "withReasons" FROM customer_scores WHERE model_version_id = ${active}`;
    expect(Number(scored)).toBe(4_338);
    expect(Number(withReasons)).toBeGreaterThan(4_338 / 2);
    const [riskiest] = await t.prisma.customerScore.findMany({ where: { modelVersionId: active }, orderBy: { score: 'desc' }, take: 1 });
    const score = await t.request('GET', `/api/customers/${riskiest.customerId}/score`, { auth: await t.apiKey(['read']) });
    console.log(`Riskiest Online Retail customer: ${score.body.score.toFixed(3)}: ${score.body.reasons.map((r: { text: string }) => r.text).join(' | ')}`);
    expect(score.body.reasons[0].text).toMatch(/^[a-z0-9£ ]/i);
  });
});
