import path from 'node:path';
import { ImportService } from '../imports/import.service';
import { waitForRun } from '../testing/models-testing';
import { startTestApp, TestApp } from '../testing/test-app';
import { TrainingSchedule } from './training-schedule';

const TELCO = path.join(__dirname, '..', '..', '..', '..', '..', 'shared', 'data', 'WA_Fn-UseC_-Telco-Customer-Churn.csv');

jest.setTimeout(300_000);

describe('Churn models on Telco (attribute population), through the API', () => {
  let t: TestApp;
  let marketer: string;
  let firstActiveId: number;

  beforeAll(async () => {
    t = await startTestApp();
    await t.reset();
    const report = await t.app.get(ImportService).run({ kind: 'customers', filePath: TELCO, mode: 'skip-and-report', preset: 'telco', actor: { userId: null, label: 'test' } });
    expect(report.status).toBe('succeeded');
    marketer = await t.tokenFor('marketer');
  });
  afterAll(() => t.close());

  it('trains logistic regression and a forest, activates the better one and scores every customer with reasons', async () => {
    const queued = await t.request('POST', '/api/models/train', { auth: marketer, body: { population: 'attribute' } });
    expect(queued.status).toBe(202);
    expect(queued.body.status).toBe('queued');
    const run = await waitForRun(t, queued.body.id);
    expect(run.error).toBeNull();
    expect(run.status).toBe('succeeded');
    const auc = Object.fromEntries(run.modelVersions.map((v) => [v.algorithm, (v.metrics as { rocAuc: number }).rocAuc]));
    console.log(`Telco held-out ROC AUC: ${JSON.stringify(auc)}; ${(run.outcome as { reason: string }).reason}`);
    expect(auc.logistic).toBeGreaterThanOrEqual(0.83);
    expect(auc.forest).toBeGreaterThanOrEqual(0.82);
    expect(run.activatedModelId).not.toBeNull();
    firstActiveId = run.activatedModelId as number;

    const detail = await t.request('GET', `/api/models/${firstActiveId}`, { auth: await t.apiKey(['read']) });
    expect(detail.status).toBe(200);
    expect(detail.body.status).toBe('active');
    expect(detail.body.rocPoints.length).toBeGreaterThan(10);
    expect(detail.body.importances[0].name).toBeTruthy();
    expect(detail.body.dataWindow).toMatchObject({ population: 'attribute', customers: 7_043, churnedCustomers: 1_869 });
    expect(detail.body.featureNames.length).toBeGreaterThan(20);

    const [{ scored, withReasons }] = await t.prisma.$queryRaw<{ scored: bigint; withReasons: bigint }[]>`
      SELECT count(*) AS scored, count(*) FILTER (WHERE jsonb_array_length(reasons) > 0) AS "withReasons" FROM customer_scores WHERE model_version_id = ${firstActiveId}`;
    expect(Number(scored)).toBe(7_043);
    expect(Number(withReasons)).toBeGreaterThan(7_043 * 0.8);
    const [riskiest] = await t.prisma.customerScore.findMany({ where: { modelVersionId: firstActiveId }, orderBy: { score: 'desc' }, take: 1 });
    const score = await t.request('GET', `/api/customers/${riskiest.customerId}/score`, { auth: await t.tokenFor('analyst') });
    expect(score.status).toBe(200);
    expect(score.body.score).toBeGreaterThan(0.5);
    expect(score.body.model.id).toBe(firstActiveId);
    console.log(`Riskiest Telco customer: ${score.body.score.toFixed(3)}: ${score.body.reasons.map((r: { text: string }) => r.text).join(' | ')}`);
    for (const reason of score.body.reasons) expect(reason.text).toMatch(/[a-z]+ .*[a-z]/i);
  });

  it('keeps the active model when a second run is not better', async () => {
    const queued = await t.request('POST', '/api/models/train', { auth: marketer, body: { population: 'attribute', algorithms: ['logistic'] } });
    const run = await waitForRun(t, queued.body.id);
    expect(run.status).toBe('succeeded');
    expect(run.activatedModelId).toBeNull();
    expect((run.outcome as { reason: string }).reason).toContain('does not beat');
    const active = await t.prisma.modelVersion.findMany({ where: { status: 'active' } });
    expect(active.map((v) => v.id)).toEqual([firstActiveId]);
  });

  it('fails a run with too few rows, naming the counts, and leaves the active model in place', async () => {
    const ids = (await t.prisma.customer.findMany({ select: { id: true }, orderBy: { id: 'asc' }, take: 30 })).map((c) => c.id);
    await t.prisma.$executeRaw`UPDATE customers SET attributes = attributes || jsonb_build_object('trialChurned', id <= ${ids[11]}) WHERE id = ANY(${ids})`;
    const queued = await t.request('POST', '/api/models/train', { auth: marketer, body: { population: 'attribute', labelAttribute: 'trialChurned' } });
    const run = await waitForRun(t, queued.body.id);
    expect(run.status).toBe('failed');
    expect(run.error).toBe('needs at least 50 churned and 50 retained customers; found 12 churned and 18 retained');
    const runView = await t.request('GET', `/api/models/runs/${run.id}`, { auth: marketer });
    expect(runView.body).toMatchObject({ status: 'failed', error: run.error });
    const active = await t.prisma.modelVersion.findMany({ where: { status: 'active' } });
    expect(active.map((v) => v.id)).toEqual([firstActiveId]);
    const list = await t.request('GET', '/api/models', { auth: marketer });
    expect(list.body.length).toBe(3);
    expect(list.body[0].artifact).toBeUndefined();
  });

  it('has a cron handler that only enqueues', async () => {
    const schedule = t.app.get(TrainingSchedule);
    const ids = await schedule.enqueueScheduled();
    expect(ids).toHaveLength(1); // Telco only: there are no transactions
    const versionsNow = await t.prisma.modelVersion.count({ where: { trainingRunId: ids[0] } });
    expect(versionsNow).toBe(0);
    const run = await t.prisma.trainingRun.findUniqueOrThrow({ where: { id: ids[0] } });
    expect(run.trigger).toBe('schedule');
    expect(await schedule.enqueueScheduled()).toEqual([]); // one is already waiting
    expect((await waitForRun(t, ids[0])).status).toBe('succeeded');
  });

  it('answers 4xx with clear messages', async () => {
    expect((await t.request('POST', '/api/models/train', { body: {} })).status).toBe(401);
    expect((await t.request('POST', '/api/models/train', { auth: await t.tokenFor('analyst'), body: {} })).status).toBe(403);
    const badAlgorithm = await t.request('POST', '/api/models/train', { auth: marketer, body: { algorithms: ['svm'] } });
    expect(badAlgorithm.status).toBe(400);
    expect(badAlgorithm.body.message).toContain('algorithms');
    const unknown = await t.request('POST', '/api/models/train', { auth: marketer, body: { horizon: 30 } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('"horizon"');
    const future = await t.request('POST', '/api/models/train', { auth: marketer, body: { cutoff: '2999-01-01T00:00:00Z' } });
    expect(future.status).toBe(400);
    expect(future.body.message).toContain('in the future');
    expect((await t.request('GET', '/api/models/abc', { auth: marketer })).status).toBe(400);
    expect((await t.request('GET', '/api/models/999999', { auth: marketer })).body).toMatchObject({ statusCode: 404, message: 'Model version 999999 does not exist.' });
    expect((await t.request('GET', '/api/models/runs/999999', { auth: marketer })).status).toBe(404);
    expect((await t.request('GET', '/api/customers/999999/score', { auth: marketer })).status).toBe(404);
    expect((await t.request('GET', '/api/models/runs?limit=0', { auth: marketer })).status).toBe(400);
  });
});
