import path from 'node:path';
import { CustomerDataLoader } from '../analytics/customer-data-loader';
import { featuresFrom } from '../analytics/facts-pipeline.service';
import { ImportService } from '../imports/import.service';
import { waitForRun } from '../testing/models-testing';
import { startTestApp, TestApp } from '../testing/test-app';
import { churnReasons } from './churn-reasons';
import type { ReasonsContext } from './score-reasons';

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
    // reasons are worded when read, not at scoring
    const [{ scored, unworded }] = await t.prisma.$queryRaw<{ scored: bigint; unworded: bigint }[]>`
      SELECT count(*) AS scored, count(*) FILTER (WHERE reasons IS NULL) AS unworded FROM customer_scores WHERE model_version_id = ${active}`;
    expect(Number(scored)).toBe(4_338);
    expect(Number(unworded)).toBe(4_338);
    const reader = await t.apiKey(['read']);
    const [riskiest] = await t.prisma.customerScore.findMany({ where: { modelVersionId: active }, orderBy: { score: 'desc' }, take: 1 });
    const score = await t.request('GET', `/api/customers/${riskiest.customerId}/score`, { auth: reader });
    console.log(`Riskiest Online Retail customer: ${score.body.score.toFixed(3)}: ${score.body.reasons.map((r: { text: string }) => r.text).join(' | ')}`);
    expect(score.body.reasons[0].text).toMatch(/^[a-z0-9£ ]/i);
    const stored = await t.prisma.customerScore.findUniqueOrThrow({ where: { customerId_modelVersionId: { customerId: riskiest.customerId, modelVersionId: active } } });
    expect(stored.reasons).toEqual(score.body.reasons);

    // Oracle: the reasons scoring used to store, from every customer's features computed in one full load.
    const version = await t.prisma.modelVersion.findUniqueOrThrow({ where: { id: active } });
    const context = version.reasonsContext as unknown as ReasonsContext;
    t.app.get(CustomerDataLoader).forget();
    const data = await t.app.get(CustomerDataLoader).load();
    const features = featuresFrom(data, Date.parse(context.asOf));
    const sample = await t.prisma.customerScore.findMany({ where: { modelVersionId: active }, orderBy: { customerId: 'asc' }, select: { customerId: true } });
    const every = Math.floor(sample.length / 40);
    let withReasons = 0;
    for (let i = 0; i < sample.length; i += every) {
      const { customerId } = sample[i];
      const c = data.customers.indexOf(customerId);
      const numeric = Object.fromEntries(context.numeric.map((name) => [name, name in context.constants ? context.constants[name] : features.columns[name as keyof typeof features.columns][c]]));
      const expected = churnReasons(numeric, null, { ...context, rates: null });
      const read = await t.request('GET', `/api/customers/${customerId}/score`, { auth: reader });
      expect(read.body.reasons).toEqual(expected);
      if (expected.length) withReasons++;
    }
    expect(withReasons).toBeGreaterThan(20);
  });
});
