// The replay on the real Online Retail file: the At Risk customers as of 2011-09-09 go through the
// issue's example journey in simulated time, and the goals it records are exactly the real
// purchases in the goal's window, counted here independently from the transactions table.
import { assignVariant, exampleRetentionFlow, isInHoldout } from '@retain/rules';
import path from 'node:path';
import { parseCommand, type Command } from '../cli/arguments';
import { runCommand } from '../cli/commands';
import { loadEnv } from '../config/env';
import { ImportService } from '../imports/import.service';
import { Clock } from '../runtime/clock';
import { waitForRun } from '../testing/models-testing';
import { startTestApp, type TestApp } from '../testing/test-app';
import { REPLAY_HOLDOUT_PERCENT, ReplayService, type ReplayResult } from './replay.service';

const ONLINE_RETAIL = path.join(__dirname, '..', '..', '..', '..', '..', 'shared', 'data', 'online_retail.csv.gz');
const CUTOFF = new Date('2011-09-09T00:00:00Z');
const DAY = 86_400_000;

jest.setTimeout(600_000);

describe('Replay of Online Retail from 2011-09-09', () => {
  let t: TestApp;
  let result: ReplayResult;

  beforeAll(async () => {
    t = await startTestApp();
    await t.reset();
    const report = await t.app.get(ImportService).run({ kind: 'transactions', filePath: ONLINE_RETAIL, mode: 'skip-and-report', preset: 'online-retail', actor: { userId: null, label: 'test' } });
    expect(report.status).toBe('succeeded');
    const lines: string[] = [];
    result = await t.app.get(ReplayService).run({ log: (line) => lines.push(line) });
    console.log(`Replay: ${lines.join(' | ')}\n${JSON.stringify(result)}`);
  });
  afterAll(() => t.close());

  it('enrolls the At Risk cohort at the cutoff and splits the risky ones as assignVariant draws', async () => {
    expect(result.reused).toBe(false);
    expect(result.cohort).toBeGreaterThan(100);
    expect(result.enrolled).toBe(result.cohort);
    const entered = await t.prisma.$queryRaw<{ customerId: number; enteredAt: Date }[]>`SELECT customer_id AS "customerId", entered_at AS "enteredAt" FROM enrollments WHERE flow_id = ${result.flowId}`;
    expect(entered.every((e) => e.enteredAt.getTime() === CUTOFF.getTime())).toBe(true);
    // every enrolled customer had bought before the cutoff (RFM as of the cutoff knows only them)
    const [{ withoutEarlierPurchase }] = await t.prisma.$queryRaw<{ withoutEarlierPurchase: number }[]>`
      SELECT count(*)::int AS "withoutEarlierPurchase" FROM enrollments e WHERE e.flow_id = ${result.flowId}
         AND NOT EXISTS (SELECT 1 FROM transactions t WHERE t.customer_id = e.customer_id AND t.occurred_at < ${CUTOFF} AND t.amount > 0)`;
    expect(withoutEarlierPurchase).toBe(0);

    // the risk node read the replay model's scores (as of the cutoff): ≥ 0.6 went to the split
    const scores = await t.prisma.$queryRaw<{ customerId: number; score: number }[]>`
      SELECT s.customer_id AS "customerId", s.score FROM customer_scores s JOIN enrollments e ON e.customer_id = s.customer_id AND e.flow_id = ${result.flowId}
       WHERE s.model_version_id = ${result.modelVersionId}`;
    expect(scores).toHaveLength(result.enrolled);
    const split = exampleRetentionFlow.nodes.find((n) => n.id === 'split')!;
    const variants = (split.data as { variants: { id: string; weight: number }[] }).variants;
    const heldOut = new Set(scores.filter((s) => isInHoldout(result.flowId, s.customerId, REPLAY_HOLDOUT_PERCENT)).map((s) => s.customerId));
    expect(result.statuses['held-out']).toBe(heldOut.size);
    expect(heldOut.size).toBeGreaterThan(0);
    const expected = new Map<string, number>();
    for (const { customerId, score } of scores) {
      if (score < 0.6 || heldOut.has(customerId)) continue;
      const arm = assignVariant('win-back-offer-2024', String(customerId), variants).id;
      expected.set(arm, (expected.get(arm) ?? 0) + 1);
    }
    expect(Object.fromEntries(result.arms.map((a) => [a.variantId, a.exposures]))).toEqual(Object.fromEntries(expected));
    expect(result.statuses.exited).toBe(scores.filter((s) => s.score < 0.6 && !heldOut.has(s.customerId)).length);
  });

  it('records as goals exactly the real purchases between the end of the 3-day wait and the 7-day deadline', async () => {
    const counted = await t.prisma.$queryRaw<{ variantId: string; exposed: number; bought: number }[]>`
      SELECT o.variant_id AS "variantId", count(DISTINCT o.customer_id)::int AS exposed,
             count(DISTINCT o.customer_id) FILTER (WHERE EXISTS (
               SELECT 1 FROM transactions t WHERE t.customer_id = o.customer_id AND t.amount > 0 AND NOT t.is_cancellation AND NOT t.is_return
                  AND t.occurred_at > ${new Date(CUTOFF.getTime() + 3 * DAY)} AND t.occurred_at <= ${new Date(CUTOFF.getTime() + 10 * DAY)}))::int AS bought
        FROM flow_outcomes o WHERE o.flow_id = ${result.flowId} AND o.node_id = 'split' AND o.kind = 'entered'
       GROUP BY 1 ORDER BY 1`;
    expect(result.arms.map((a) => ({ variantId: a.variantId, exposed: a.exposures, bought: a.conversions }))).toEqual(counted);
    expect(counted.reduce((sum, c) => sum + c.bought, 0)).toBeGreaterThan(0);
    expect(result.goalsReached + result.goalsMissed).toBe(counted.reduce((sum, c) => sum + c.exposed, 0));
    expect(result.purchasesWithheld).toBe(0);
    expect(result.statuses).not.toHaveProperty('waiting');
    expect(result.statuses).not.toHaveProperty('active');
    // no SMTP and no addresses in the data: the emails are skipped, the journey goes on; offers are made
    expect(result.emails.sent ?? 0).toBe(0);
    expect(result.offers).toBe(counted.find((c) => c.variantId === 'B')!.exposed);
  });

  it('marks the flow as a replay, pauses it, retires the replay model and gives the clock back', async () => {
    const flow = await t.prisma.flow.findUniqueOrThrow({ where: { id: result.flowId } });
    expect(flow.name).toBe('Replay of Online Retail from 2011-09-09 — no real treatment effect');
    expect(flow.status).toBe('paused');
    const model = await t.prisma.modelVersion.findUniqueOrThrow({ where: { id: result.modelVersionId! } });
    expect(model.status).toBe('retired');
    expect(model.dataWindow).toMatchObject({ population: 'replay', horizonEnd: CUTOFF.toISOString(), scoredAsOf: CUTOFF.toISOString() });
    expect(Math.abs(t.app.get(Clock).now().getTime() - Date.now())).toBeLessThan(60_000);

    const analyst = await t.tokenFor('analyst');
    const replays = await t.request('GET', `/api/replays?flowId=${result.flowId}`, { auth: analyst });
    expect(replays.status).toBe(200);
    expect(replays.body.items).toHaveLength(1);
    expect(replays.body.items[0]).toMatchObject({ replay: true, flowId: result.flowId, status: 'completed', from: CUTOFF.toISOString(), note: expect.stringContaining('not a live experiment') });
    expect(replays.body.items[0].summary.arms).toEqual(result.arms);

    // the experiments API counts the same exposures (its conversions: last touch within 7 days of the split)
    const experiments = await t.request('GET', `/api/flows/${result.flowId}/experiments`, { auth: analyst });
    expect(experiments.status).toBe(200);
    expect(experiments.body.experiments[0].arms.map((a: { id: string; exposures: number }) => [a.id, a.exposures])).toEqual(result.arms.map((a) => [a.variantId, a.exposures]));
    // and the lift page has a holdout to compare with
    const lift = await t.request('GET', `/api/flows/${result.flowId}/lift`, { auth: analyst });
    expect(lift.status).toBe(200);
    console.log(`Lift of the replay: ${JSON.stringify(lift.body).slice(0, 600)}`);
  });

  it('changes nothing when run again', async () => {
    const count = async () => {
      const [row] = await t.prisma.$queryRaw<{ enrollments: number; outcomes: number; models: number; flows: number }[]>`
        SELECT (SELECT count(*)::int FROM enrollments) AS enrollments, (SELECT count(*)::int FROM flow_outcomes) AS outcomes,
               (SELECT count(*)::int FROM model_versions) AS models, (SELECT count(*)::int FROM flows) AS flows`;
      return row;
    };
    const before = await count();
    const again = await t.app.get(ReplayService).run();
    expect(again.reused).toBe(true);
    expect(again.arms).toEqual(result.arms);
    expect(await count()).toEqual(before);

    // a run cut off before it completed is resumed: the runtime's re-entry rule keeps everyone out a second time
    await t.prisma.$executeRaw`UPDATE replays SET status = 'running'`;
    const resumed = await t.app.get(ReplayService).run();
    expect(resumed.reused).toBe(false);
    expect(resumed.arms).toEqual(result.arms);
    expect(resumed.modelVersionId).toBe(result.modelVersionId);
    expect(await count()).toEqual(before);
    expect((await t.prisma.flow.findUniqueOrThrow({ where: { id: result.flowId } })).status).toBe('paused');
  });

  it('feeds the outcomes into the next churn training and compares it with the active model on the same held-out rows', async () => {
    const admin = await t.tokenFor('admin');
    const train = async () => {
      const queued = await t.request('POST', '/api/models/train', { auth: admin, body: { population: 'transactions' } });
      expect(queued.status).toBe(202);
      const run = await waitForRun(t, queued.body.id);
      expect(run.error).toBeNull();
      return run;
    };
    // the default cutoff (2011-09-10) falls inside the journeys of the customers who went past the
    // risk node (they finished at the goal, 2011-09-19): they are the treated rows; those who exited
    // at the risk node on 2011-09-09 were not treated in the label window; the held-out ones are counted
    const first = await train();
    const exposed = result.arms.reduce((sum, a) => sum + a.exposures, 0);
    const window = first.modelVersions[0].dataWindow as { cutoff: string; treatedCustomers: number; heldOutCustomers: number };
    expect(window.cutoff).toBe('2011-09-10T00:00:00.000Z');
    expect(window.treatedCustomers).toBe(exposed);
    expect(window.heldOutCustomers).toBe(result.statuses['held-out']);
    expect(first.modelVersions.every((v) => v.featureNames.includes('treated'))).toBe(true);
    const active = first.activatedModelId!;
    expect(active).not.toBeNull();

    // same data, same seed: the active model measured on this run's held-out rows scores exactly its stored AUC
    const second = await train();
    const outcome = second.outcome as { activeBefore: { modelVersionId: number; auc: number; sameRows: boolean }; activated: number | null; comparison: { heldOutRows: number; models: { role: string; modelVersionId: number; metrics: { rocAuc: number } }[] } };
    const stored = (await t.prisma.modelVersion.findUniqueOrThrow({ where: { id: active } })).metrics as { rocAuc: number; count: number };
    expect(outcome.activeBefore).toEqual({ modelVersionId: active, auc: stored.rocAuc, sameRows: true });
    expect(outcome.activated).toBeNull();
    expect(outcome.comparison.heldOutRows).toBe(stored.count);
    expect(outcome.comparison.models.map((m) => m.role)).toEqual(['candidate', 'candidate', 'active']);

    const analyst = await t.tokenFor('analyst');
    const candidate = second.modelVersions[0].id;
    const compared = await t.request('GET', `/api/models/compare?candidate=${candidate}&active=${active}`, { auth: analyst });
    expect(compared.status).toBe(200);
    expect(compared.body).toMatchObject({ trainingRunId: second.id, heldOutRows: stored.count, sameRows: true, candidate: { modelVersionId: candidate, role: 'candidate' }, active: { modelVersionId: active, role: 'active' } });
    expect(compared.body.active.metrics.rocAuc).toBe(stored.rocAuc);
    expect(Object.keys(compared.body.candidate.metrics).sort()).toEqual(['accuracy', 'averagePrecision', 'brierScore', 'f1', 'logLoss', 'precision', 'recall', 'rocAuc']);
    const replayModel = await t.request('GET', `/api/models/compare?candidate=${result.modelVersionId}`, { auth: analyst });
    expect(replayModel.status).toBe(409);
    expect(replayModel.body.message).toContain('was not trained by a training run');
    expect((await t.request('GET', '/api/models/compare?candidate=999999', { auth: analyst })).status).toBe(404);
    const refused = await t.request('GET', `/api/models/compare?candidate=${candidate}&active=${result.modelVersionId}`, { auth: analyst });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain(`when it was trained, model version ${active} was active`);
  });

  it('replays into an existing flow with --flow, leaving its status as it was', async () => {
    const admin = await t.tokenFor('admin');
    const segment = await t.prisma.segment.findUniqueOrThrow({ where: { name: 'At Risk' } });
    const definition = structuredClone(exampleRetentionFlow);
    (definition.nodes[0].data as { source: unknown }).source = { kind: 'segment-entered', segmentId: String(segment.id) };
    const created = await t.request('POST', '/api/flows', { auth: admin, body: { name: 'Win back At Risk', definition } });
    expect(created.status).toBe(201);
    expect((await t.request('POST', `/api/flows/${created.body.id}/publish`, { auth: admin, body: {} })).status).toBe(200);

    // a customer who converted in the first replay now waits for a purchase in that (live) flow: the
    // second replay must not complete that journey with a purchase from 2011
    const [busy] = await t.prisma.$queryRaw<{ id: bigint; customerId: number }[]>`
      SELECT e.id, e.customer_id AS "customerId" FROM enrollments e JOIN flow_outcomes o ON o.enrollment_id = e.id AND o.kind = 'goal-reached'
       WHERE e.flow_id = ${result.flowId} ORDER BY e.id LIMIT 1`;
    await t.prisma.$executeRaw`UPDATE enrollments SET status = 'waiting', finished_at = NULL, next_due_at = '2030-01-01', goal = '{"eventName": "purchase", "deadline": "2030-01-01T00:00:00.000Z"}' WHERE id = ${busy.id}`;

    const replayed = await t.app.get(ReplayService).run({ flowId: created.body.id });
    expect(replayed).toMatchObject({ flowId: created.body.id, cohort: result.cohort, enrolled: result.cohort, reused: false, purchasesWithheld: 1 });
    expect((await t.prisma.enrollment.findUniqueOrThrow({ where: { id: busy.id } })).status).toBe('waiting');
    const [{ reachedInSecond }] = await t.prisma.$queryRaw<{ reachedInSecond: number }[]>`
      SELECT count(*)::int AS "reachedInSecond" FROM flow_outcomes WHERE flow_id = ${created.body.id} AND customer_id = ${busy.customerId} AND kind = 'goal-reached'`;
    expect(reachedInSecond).toBe(0);
    expect(replayed.statuses).not.toHaveProperty('held-out'); // this flow has no holdout
    expect((await t.prisma.flow.findUniqueOrThrow({ where: { id: created.body.id } })).status).toBe('active');
    const listed = await t.request('GET', '/api/replays', { auth: admin });
    expect(listed.body.items.map((r: { flowId: number; createdFlow: boolean }) => [r.flowId, r.createdFlow])).toEqual([
      [result.flowId, true],
      [created.body.id, false],
    ]);
    await expect(t.app.get(ReplayService).run({ flowId: created.body.id, from: '2011-10-01' })).rejects.toThrow(`Flow ${created.body.id} was replayed from 2011-09-09; a flow is replayed from one date only.`);
  });

  it('runs from the command line against the same database (here: shows the completed replay)', async () => {
    const lines: string[] = [];
    const env = loadEnv({ DATABASE_URL: process.env.DATABASE_URL!, JWT_SECRET: 'test-secret-test-secret-test-secret-0123', LOG_LEVEL: 'warn', RETAIN_HOME: '/tmp/retain-test-home' });
    const code = await runCommand(parseCommand(['replay']) as Exclude<Command, { command: 'help' }>, env, { log: () => undefined, out: (line) => lines.push(line), err: (line) => lines.push(line) });
    expect(code).toBe(0);
    expect(lines[0]).toBe(`Replay of flow ${result.flowId} from 2011-09-09 (already done earlier; nothing changed) — no real treatment effect: the conversions are real purchases.`);
    for (const arm of result.arms) expect(lines).toContain(`  Arm ${arm.variantId} (win-back-offer-2024): ${arm.exposures} exposed, ${arm.conversions} converted (${(arm.rate * 100).toFixed(1)} %).`);
  });
});
