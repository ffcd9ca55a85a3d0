// The replay on the real Online Retail file: from 2011-09-09, week by week, the customers entering an
// at-risk RFM segment go through the example journey in simulated time; the goals it records
// are exactly the real purchases in the goal's window, its emails reach the capture server, and a
// purchase within 7 days after an email is a click — all counted here independently.
import { assignVariant, exampleRetentionFlow, isInHoldout } from '@retain/rules';
import path from 'node:path';
import { parseCommand, type Command } from '../cli/arguments';
import { runCommand } from '../cli/commands';
import { loadEnv } from '../config/env';
import { ImportService } from '../imports/import.service';
import { Clock } from '../runtime/clock';
import { waitForRun } from '../testing/models-testing';
import { startTestApp, type TestApp } from '../testing/test-app';
import { CustomerDataLoader } from '../analytics/customer-data-loader';
import { startCaptureSmtpServer, type CaptureSmtpServer } from './capture-smtp-server';
import { replayCohort, type ReplayCohort } from './replay-cohort';
import { REPLAY_ENGAGEMENT_NOTE } from './replay-engagement';
import { REPLAY_FLAGS_NOTE } from './replay-flags';
import { REPLAY_FLAG_MIN, REPLAY_HOLDOUT_PERCENT, REPLAY_SEGMENTS, ReplayService, type ReplayResult } from './replay.service';

const ONLINE_RETAIL = path.join(__dirname, '..', '..', '..', '..', '..', 'shared', 'data', 'online_retail.csv.gz');
const CUTOFF = new Date('2011-09-09T00:00:00Z');
const DAY = 86_400_000;

jest.setTimeout(600_000);

describe('Replay of Online Retail from 2011-09-09', () => {
  let t: TestApp;
  let result: ReplayResult;
  let capture: CaptureSmtpServer;
  let cohort: ReplayCohort;

  beforeAll(async () => {
    capture = await startCaptureSmtpServer();
    t = await startTestApp({ SMTP_URL: capture.url });
    await t.reset();
    const report = await t.app.get(ImportService).run({ kind: 'transactions', filePath: ONLINE_RETAIL, mode: 'skip-and-report', preset: 'online-retail', actor: { userId: null, label: 'test' } });
    expect(report.status).toBe('succeeded');
    const lines: string[] = [];
    result = await t.app.get(ReplayService).run({ log: (line) => lines.push(line) });
    console.log(`Replay: ${lines.join(' | ')}\n${JSON.stringify(result)}`);
    // the replay's own weeks, recomputed from the same data (pure and deterministic)
    cohort = replayCohort(await t.app.get(CustomerDataLoader).load(), CUTOFF.getTime(), { horizonDays: 90, seed: 42, segments: REPLAY_SEGMENTS, flagMin: REPLAY_FLAG_MIN, daysAfterEntry: 10 });
  });
  afterAll(async () => {
    await t.close();
    await capture.close();
  });

  it('enrolls each week the customers who entered an at-risk RFM segment, and the risk node reads that week’s risk', async () => {
    expect(result.reused).toBe(false);
    expect(result.cohort).toBe(cohort.members.length);
    expect(result.cohort).toBeGreaterThan(1000);
    const entrants = cohort.weeks.reduce((sum, w) => sum + w.entrants.length, 0);
    expect(result.entrants).toBe(entrants);
    const entered = await t.prisma.$queryRaw<{ customerId: number; enteredAt: Date }[]>`SELECT customer_id AS "customerId", entered_at AS "enteredAt" FROM enrollments WHERE flow_id = ${result.flowId} ORDER BY entered_at, customer_id`;
    expect(entered).toHaveLength(result.enrolled);
    // every enrollment is an entrant of its week; an entrant left out was in the flow less than 90 days before (its re-entry rule)
    const weekOf = new Map(cohort.weeks.map((w) => [w.at, w]));
    const enrolledAt = new Map<number, number[]>();
    for (const e of entered) {
      expect(weekOf.get(e.enteredAt.getTime())?.entrants).toContain(e.customerId);
      enrolledAt.set(e.customerId, [...(enrolledAt.get(e.customerId) ?? []), e.enteredAt.getTime()]);
    }
    let skipped = 0;
    for (const week of cohort.weeks) {
      for (const id of week.entrants) {
        if (enrolledAt.get(id)?.includes(week.at)) continue;
        skipped++;
        expect(enrolledAt.get(id)?.some((at) => at < week.at && week.at - at < 90 * DAY)).toBe(true);
      }
    }
    expect(result.enrolled + skipped).toBe(entrants);
    expect(entered.filter((e) => e.enteredAt.getTime() > CUTOFF.getTime()).length).toBeGreaterThan(500); // the weeks after the cutoff do add customers

    // the holdout, the risk node (≥ 0.6 with the risk as of the week of entry) and the split, as assignVariant draws
    const split = exampleRetentionFlow.nodes.find((n) => n.id === 'split')!;
    const variants = (split.data as { variants: { id: string; weight: number }[] }).variants;
    const expected = new Map<string, number>();
    let heldOut = 0;
    let exited = 0;
    for (const e of entered) {
      const week = weekOf.get(e.enteredAt.getTime())!;
      const score = week.scored.scores[week.scored.customerIds.indexOf(e.customerId)];
      if (isInHoldout(result.flowId, e.customerId, REPLAY_HOLDOUT_PERCENT)) heldOut++;
      else if (score < 0.6) exited++;
      else {
        const arm = assignVariant('win-back-offer-2024', String(e.customerId), variants).id;
        expected.set(arm, (expected.get(arm) ?? 0) + 1);
      }
    }
    expect(result.statuses['held-out']).toBe(heldOut);
    expect(result.statuses.exited).toBe(exited);
    expect(Object.fromEntries(result.arms.map((a) => [a.variantId, a.exposures]))).toEqual(Object.fromEntries(expected));
    // the experiment's minimum sample (400 exposures per arm) is reached on the real data
    for (const arm of result.arms) expect(arm.exposures).toBeGreaterThanOrEqual(400);
    // the replay model's stored scores are back to the cutoff's
    const stored = await t.prisma.customerScore.count({ where: { modelVersionId: result.modelVersionId! } });
    expect(stored).toBe(cohort.scored.customerIds.length);
    const one = await t.prisma.customerScore.findFirstOrThrow({ where: { modelVersionId: result.modelVersionId!, customerId: cohort.scored.customerIds[0] } });
    expect(Math.abs(one.score - cohort.scored.scores[0])).toBeLessThan(1e-6);
  });

  it('records as goals exactly the real purchases between the end of the 3-day wait and the 7-day deadline', async () => {
    const counted = await t.prisma.$queryRaw<{ variantId: string; exposed: number; bought: number }[]>`
      SELECT o.variant_id AS "variantId", count(DISTINCT o.enrollment_id)::int AS exposed,
             count(DISTINCT o.enrollment_id) FILTER (WHERE EXISTS (
               SELECT 1 FROM transactions t WHERE t.customer_id = o.customer_id AND t.amount > 0 AND NOT t.is_cancellation AND NOT t.is_return
                  AND t.occurred_at > o.occurred_at + interval '3 days' AND t.occurred_at <= o.occurred_at + interval '10 days'))::int AS bought
        FROM flow_outcomes o WHERE o.flow_id = ${result.flowId} AND o.node_id = 'split' AND o.kind = 'entered'
       GROUP BY 1 ORDER BY 1`;
    expect(result.arms.map((a) => ({ variantId: a.variantId, exposed: a.exposures, bought: a.conversions }))).toEqual(counted);
    expect(counted.reduce((sum, c) => sum + c.bought, 0)).toBeGreaterThan(20);
    expect(result.goalsReached + result.goalsMissed).toBe(counted.reduce((sum, c) => sum + c.exposed, 0));
    expect(result.purchasesWithheld).toBe(0);
    expect(result.statuses).not.toHaveProperty('waiting');
    expect(result.statuses).not.toHaveProperty('active');
    expect(result.offers).toBe(counted.find((c) => c.variantId === 'B')!.exposed);
  });

  it('sends every email step through the email channel to the capture server, to placeholder addresses removed afterwards', async () => {
    const exposed = result.arms.reduce((sum, a) => sum + a.exposures, 0);
    expect(result.emails).toEqual({ sent: exposed }); // one email per treated customer in either arm
    expect(capture.messages).toHaveLength(exposed);
    const sent = await t.prisma.$queryRaw<{ customerId: number; to: string }[]>`SELECT customer_id AS "customerId", detail->>'to' AS "to" FROM deliveries WHERE flow_id = ${result.flowId} AND channel = 'email' AND status = 'sent'`;
    expect(sent).toHaveLength(exposed);
    for (const d of sent) expect(d.to).toBe(`customer-${d.customerId}@replay.invalid`);
    expect(new Set(capture.messages.flatMap((m) => m.to))).toEqual(new Set(sent.map((d) => d.to)));
    expect(capture.messages.every((m) => /^X-Retain-Delivery: \d+$/m.test(m.data))).toBe(true); // sent by the email channel like any flow email
    // the placeholders were for the replay only
    expect(await t.prisma.customer.count({ where: { OR: [{ email: { endsWith: '@replay.invalid' } }, { emailConsent: true }] } })).toBe(0);
  });

  it('counts a real purchase within 7 days after an email as a click on it, and no open of its own', async () => {
    const recount = await t.prisma.$queryRaw<{ month: string; sent: number; followed: number }[]>`
      SELECT to_char(d.sent_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month, count(*)::int AS sent,
             count(*) FILTER (WHERE EXISTS (SELECT 1 FROM transactions t WHERE t.customer_id = d.customer_id AND t.amount > 0 AND NOT t.is_cancellation AND NOT t.is_return
                                               AND t.occurred_at > d.sent_at AND t.occurred_at <= d.sent_at + interval '7 days'))::int AS followed
        FROM deliveries d WHERE d.flow_id = ${result.flowId} AND d.channel = 'email' AND d.status = 'sent' GROUP BY 1 ORDER BY 1`;
    const followed = recount.reduce((sum, r) => sum + r.followed, 0);
    expect(result.clicksFromPurchases).toBe(followed);
    expect(followed).toBeGreaterThan(20);
    const [{ opens, fromClicks }] = await t.prisma.$queryRaw<{ opens: number; fromClicks: number }[]>`
      SELECT count(*)::int AS opens, count(*) FILTER (WHERE detail->>'fromClick' = 'true')::int AS "fromClicks" FROM flow_outcomes WHERE flow_id = ${result.flowId} AND kind = 'email_opened'`;
    expect(opens).toBe(fromClicks);
    // the customer events say they were derived by the replay, not recorded by a pixel or link
    const sources = await t.prisma.$queryRaw<{ source: string; events: number }[]>`
      SELECT source, count(*)::int AS events FROM events WHERE name IN ('email_opened', 'email_clicked') AND (properties->>'flowId')::int = ${result.flowId} GROUP BY source`;
    expect(sources).toEqual([{ source: 'replay', events: followed * 2 }]);

    const analyst = await t.tokenFor('analyst');
    const { series, comparison } = (await t.request('GET', `/api/kpis?flowId=${result.flowId}`, { auth: analyst })).body;
    expect(series.emailEngagement.reason).toBe(REPLAY_ENGAGEMENT_NOTE);
    expect(series.emailEngagement.points.map((p: { month: string; numerator: number; denominator: number }) => [p.month, p.numerator, p.denominator])).toEqual(
      recount.map((r) => [r.month, r.followed, r.sent]),
    );
    expect(series.emailEngagement.points[0].month).toBe('2011-09');
    // before/after at the replay's cutoff, in data time
    expect(comparison).toMatchObject({ publishedAt: CUTOFF.toISOString(), publishedMonth: '2011-09', dataTime: true, note: expect.stringContaining('counts as published on its cutoff, 2011-09-09') });
    expect(comparison.kpis.emailEngagement).toMatchObject({ before: { months: 0 }, after: { numerator: followed } });
  });

  it('flags customers week by week in data time, so the time to identify has monthly values from September to December 2011', async () => {
    expect(result.flags).toBeDefined();
    const flagged = await t.prisma.segmentMembershipEvent.findMany({ where: { segmentId: result.flags!.segmentId, kind: 'entered' }, select: { customerId: true, asOf: true } });
    const expectedEntries = cohort.weeks.reduce((sum, w) => sum + w.flagged.entered.length, 0);
    expect(flagged).toHaveLength(expectedEntries);
    expect(result.flags!.entries).toBe(expectedEntries);
    const byMonth = new Map<string, number>();
    for (const week of cohort.weeks) {
      const month = new Date(week.at).toISOString().slice(0, 7);
      byMonth.set(month, (byMonth.get(month) ?? 0) + week.flagged.entered.length);
    }
    const segment = await t.prisma.segment.findUniqueOrThrow({ where: { id: result.flags!.segmentId } });
    expect(segment.archivedAt).not.toBeNull(); // history only: nothing refreshes it, no flow is triggered by it

    const analyst = await t.tokenFor('analyst');
    const { series } = (await t.request('GET', '/api/kpis', { auth: analyst })).body;
    const points = series.timeToIdentify.points as { month: string; value: number | null; numerator: number; denominator: number }[];
    expect(points.map((p) => [p.month, p.denominator])).toEqual([...byMonth.entries()].filter(([, n]) => n > 0));
    expect(points.map((p) => p.month)).toEqual(['2011-09', '2011-10', '2011-11', '2011-12']);
    expect(series.timeToIdentify.reason).toBe(REPLAY_FLAGS_NOTE);
    // days, not years: measured in data time
    for (const p of points) if (p.value !== null) expect(p.value).toBeLessThan(365);
    console.log(`Time to identify on the replay: ${JSON.stringify(points)}`);
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
      const [row] = await t.prisma.$queryRaw<{ enrollments: number; outcomes: number; models: number; flows: number; deliveries: number; events: number; flags: number; segments: number }[]>`
        SELECT (SELECT count(*)::int FROM enrollments) AS enrollments, (SELECT count(*)::int FROM flow_outcomes) AS outcomes,
               (SELECT count(*)::int FROM model_versions) AS models, (SELECT count(*)::int FROM flows) AS flows,
               (SELECT count(*)::int FROM deliveries) AS deliveries, (SELECT count(*)::int FROM events) AS events,
               (SELECT count(*)::int FROM segment_membership_events) AS flags, (SELECT count(*)::int FROM segments) AS segments`;
      return row;
    };
    const captured = capture.messages.length;
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
    expect(resumed.flags).toEqual(result.flags);
    expect(resumed.clicksFromPurchases).toBe(result.clicksFromPurchases);
    expect(await count()).toEqual(before);
    expect(capture.messages).toHaveLength(captured); // no email sent twice
    expect((await t.prisma.flow.findUniqueOrThrow({ where: { id: result.flowId } })).status).toBe('paused');
  });

  it('reaches the minimum sample, so a growth team member can promote an arm; without an effect only by saying so', async () => {
    const analyst = await t.tokenFor('analyst');
    const marketer = await t.tokenFor('marketer');
    const [experiment] = (await t.request('GET', `/api/flows/${result.flowId}/experiments`, { auth: analyst })).body.experiments;
    console.log(`Replay experiment: ${JSON.stringify({ sample: experiment.sample, arms: experiment.arms.map((a: Record<string, unknown>) => [a.id, a.exposures, a.conversions, a.probabilityToBeatControl]) })}`);
    expect(experiment.sample).toMatchObject({ reached: true, message: 'Minimum sample reached.' });
    expect(experiment.sample.smallestExposures).toBeGreaterThanOrEqual(400);
    expect(experiment.sample.smallestConversions).toBeGreaterThanOrEqual(20);
    expect(experiment.sampleRatio.mismatch).toBe(false);
    expect(experiment.choosable).toEqual(['A', 'B']);
    const b = experiment.arms.find((a: { id: string }) => a.id === 'B');
    const path = `/api/flows/${result.flowId}/experiments/split/promote`;
    if (experiment.promotable.includes('B')) {
      expect(b.probabilityToBeatControl).toBeGreaterThanOrEqual(0.95); // chance on a replay: then it is promotable as it is
    } else {
      const refused = await t.request('POST', path, { auth: marketer, body: { variantId: 'B' } });
      expect(refused.status).toBe(409);
      expect(refused.body.message).toContain('To choose it anyway, send acknowledgeWeakEvidence: true');
    }
    const promoted = await t.request('POST', path, { auth: marketer, body: { variantId: 'B', acknowledgeWeakEvidence: true } });
    expect(promoted.status).toBe(201);
    expect(promoted.body).toMatchObject({ variantId: 'B', evidence: { convincing: experiment.promotable.includes('B') } });
    const audit = await t.prisma.auditLog.findFirstOrThrow({ where: { action: 'experiment.promoted', targetId: String(result.flowId) } });
    expect(audit.details).toMatchObject({ variantId: 'B', automatic: false, convincing: experiment.promotable.includes('B') });
    const after = (await t.request('GET', `/api/flows/${result.flowId}/experiments`, { auth: analyst })).body.experiments[0];
    expect(after).toMatchObject({ decision: { variantId: 'B' }, promotable: [], choosable: [] });
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
    // risk node at the cutoff (they finished at the goal, 2011-09-19) and of everyone enrolled in the
    // weeks after (in the flow in the label window, even if only for the instant of the risk node):
    // they are the treated rows; those who exited at the risk node on 2011-09-09 were not treated in
    // the label window; the held-out ones are counted. Rows: customers who bought before that cutoff.
    const first = await train();
    const [{ treated, heldOut }] = await t.prisma.$queryRaw<{ treated: number; heldOut: number }[]>`
      SELECT count(DISTINCT e.customer_id) FILTER (WHERE e.status <> 'held-out' AND (e.entered_at > ${CUTOFF}
               OR EXISTS (SELECT 1 FROM flow_outcomes o WHERE o.enrollment_id = e.id AND o.node_id = 'split' AND o.kind = 'entered')))::int AS treated,
             count(DISTINCT e.customer_id) FILTER (WHERE e.status = 'held-out')::int AS "heldOut"
        FROM enrollments e WHERE e.flow_id = ${result.flowId}
         AND EXISTS (SELECT 1 FROM transactions t WHERE t.customer_id = e.customer_id AND t.amount > 0 AND NOT t.is_return AND NOT t.is_cancellation AND t.occurred_at < '2011-09-10T00:00:00Z')`;
    const window = first.modelVersions[0].dataWindow as { cutoff: string; treatedCustomers: number; heldOutCustomers: number };
    expect(window.cutoff).toBe('2011-09-10T00:00:00.000Z');
    expect(window.treatedCustomers).toBe(treated);
    expect(window.heldOutCustomers).toBe(heldOut);
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
    expect(replayed).toMatchObject({ flowId: created.body.id, cohort: result.cohort, enrolled: result.enrolled, reused: false, purchasesWithheld: 1 });
    expect(replayed.flags!.segmentId).not.toBe(result.flags!.segmentId); // each replay keeps its own flags
    expect(replayed.flags!.entries).toBe(result.flags!.entries);
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
    for (const arm of result.arms) expect(lines).toContain(`  Arm ${arm.variantId} (win-back-offer-2024): ${arm.exposures} exposed, ${arm.conversions} reached the journey's goal (${(arm.rate * 100).toFixed(1)} %).`);
  });
});
