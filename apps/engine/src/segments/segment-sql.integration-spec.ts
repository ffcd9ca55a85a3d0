import path from 'node:path';
import { FactsPipeline } from '../analytics/facts-pipeline.service';
import { ImportService } from '../imports/import.service';
import { waitForRun } from '../testing/models-testing';
import { startTestApp, TestApp } from '../testing/test-app';
import { CustomerFactsReader } from './customer-facts-reader';
import { MembershipRefresher } from './membership-refresher';
import { SegmentRefreshQueue } from './refresh-queue';
import { SegmentCatalog } from './segment-catalog';
import { SegmentDefinitions } from './segment-definitions';
import { createSegmentMatcher } from './segment-matcher';
import { membershipSql } from './segment-sql';
import type { SegmentInput, StoredDefinition } from './segments.schemas';

const ONLINE_RETAIL = path.join(__dirname, '..', '..', '..', '..', '..', 'shared', 'data', 'online_retail.csv.gz');

jest.setTimeout(600_000);

/** Segments over every kind of fact SQL can test, on the real Online Retail customers. */
const DEFINITIONS: SegmentInput[] = [
  { kind: 'rule', name: 'UK or France, quiet 90 days', definition: { condition: { all: [{ fact: 'features.recencyDays', operator: 'greaterThan', value: 90 }, { fact: 'country', operator: 'in', value: ['United Kingdom', 'France'] }] } } },
  { kind: 'rule', name: 'Champions or big spenders', definition: { condition: { any: [{ fact: 'rfm.segment', operator: 'equal', value: 'Champions' }, { not: { fact: 'features.monetary', operator: 'lessThan', value: 1000 } }] } } },
  { kind: 'rule', name: 'Abroad, 2 to 5 orders', definition: { condition: { all: [{ fact: 'features.frequency', operator: 'between', value: [2, 5] }, { fact: 'country', operator: 'notEqual', value: 'United Kingdom' }] } } },
  { kind: 'rule', name: 'Risky and clustered', definition: { condition: { all: [{ fact: 'scores.churn', operator: 'greaterThanInclusive', value: 0.5 }, { fact: 'clusterLabel', operator: 'exists', value: true }] } } },
  { kind: 'rule', name: 'Names and attributes', definition: { condition: { any: [{ fact: 'country', operator: 'startsWith', value: 'Ger' }, { fact: 'country', operator: 'endsWith', value: 'land' }, { fact: 'attributes.Contract', operator: 'equal', value: 'Two year' }, { fact: 'rfm.recency', operator: 'notIn', value: [1, 2, 3, 4] }] } } },
  { kind: 'rfm', name: 'At Risk or Hibernating', definition: { segments: ['At Risk', 'Hibernating'] } },
  { kind: 'rfm', name: 'Corner cells', definition: { cells: [{ r: 1, fm: 1 }, { r: 5, fm: 5 }, { r: 2, fm: 4 }] } },
  { kind: 'cluster', name: 'Cluster 0', definition: { clusters: [0] } },
  { kind: 'scoreBand', name: 'Churn 0.6 to 0.9', definition: { model: 'churn', min: 0.6, max: 0.9 } },
];

describe('Segment membership tested in SQL equals the in-Node evaluation (Online Retail)', () => {
  let t: TestApp;
  const ids: number[] = [];

  /** Every customer evaluated by the compiled matcher: the oracle. */
  const nodeMembers = async (segmentId: number): Promise<number[]> => {
    const segment = (await t.app.get(SegmentCatalog).activeSegments()).find((s) => s.id === segmentId)!;
    const activeModels = await t.app.get(SegmentCatalog).activeModels();
    const matcher = createSegmentMatcher(segment.stored, { now: new Date(), activeModels });
    const members: number[] = [];
    for await (const page of t.app.get(CustomerFactsReader).pages({ facts: matcher.needs, activeModels })) {
      page.facts.forEach((facts, i) => matcher.matches(facts) && members.push(page.customerIds[i]));
    }
    return members.sort((a, b) => a - b);
  };
  const storedMembers = async (segmentId: number): Promise<number[]> =>
    (await t.prisma.segmentMembership.findMany({ where: { segmentId }, select: { customerId: true }, orderBy: { customerId: 'asc' } })).map((m) => m.customerId);

  beforeAll(async () => {
    t = await startTestApp();
    await t.reset();
    const report = await t.app.get(ImportService).run({ kind: 'transactions', filePath: ONLINE_RETAIL, mode: 'skip-and-report', preset: 'online-retail', actor: { userId: null, label: 'test' } });
    expect(report.status).toBe('succeeded');
    await t.app.get(FactsPipeline).refreshAll();
    const queued = await t.request('POST', '/api/models/train', { auth: await t.tokenFor('admin'), body: { population: 'transactions', cutoff: '2011-09-09T00:00:00Z', horizonDays: 90, algorithms: ['logistic'] } });
    expect(queued.status).toBe(202);
    expect((await waitForRun(t, queued.body.id)).error).toBeNull();
    await t.app.get(SegmentRefreshQueue).whenIdle();
    const definitions = t.app.get(SegmentDefinitions);
    for (const input of DEFINITIONS) ids.push((await definitions.create(undefined, input)).id);
    const dependent = await definitions.create(undefined, {
      kind: 'rule',
      name: 'In the first, with returns',
      definition: { condition: { all: [{ fact: 'segments', operator: 'inSegment', value: String(ids[0]) }, { fact: 'features.returnRate', operator: 'greaterThan', value: 0 }] } },
    });
    ids.push(dependent.id);
    await t.app.get(SegmentRefreshQueue).whenIdle();
  });
  afterAll(() => t.close());

  it('has a SQL test for every one of these definitions', async () => {
    const context = { now: new Date(), activeModels: await t.app.get(SegmentCatalog).activeModels() };
    for (const segment of await t.app.get(SegmentCatalog).activeSegments()) expect([segment.name, membershipSql(segment.stored, context) !== null]).toEqual([segment.name, true]);
  });

  it('materializes exactly the members the compiled matcher finds, and a second refresh changes nothing', async () => {
    for (const id of ids) {
      const expected = await nodeMembers(id);
      expect(expected.length).toBeGreaterThan(0);
      expect(await storedMembers(id)).toEqual(expected);
    }
    const again = await t.app.get(MembershipRefresher).refreshSegments('all');
    expect(again.map((r) => [r.entered, r.exited, r.evaluated])).toEqual(again.map(() => [0, 0, 0]));
  });

  it('records exactly the entries and exits of a changed definition, as the in-Node refresh would', async () => {
    const id = ids[0];
    const before = new Set(await storedMembers(id));
    const { rows: [{ last }] } = await t.prisma.pool.query<{ last: string }>('SELECT coalesce(max(id), 0)::text AS last FROM segment_membership_events');
    await t.request('PATCH', `/api/segments/${id}`, {
      auth: await t.tokenFor('marketer'),
      body: { definition: { condition: { all: [{ fact: 'features.recencyDays', operator: 'greaterThan', value: 150 }, { fact: 'country', operator: 'in', value: ['United Kingdom', 'Germany'] }] } } },
    });
    await t.app.get(SegmentRefreshQueue).whenIdle();
    const after = await nodeMembers(id);
    expect(await storedMembers(id)).toEqual(after);
    const events = await t.prisma.segmentMembershipEvent.findMany({ where: { segmentId: id, id: { gt: BigInt(last) } }, select: { customerId: true, kind: true } });
    const entered = after.filter((c) => !before.has(c));
    const exited = [...before].filter((c) => !after.includes(c)).sort((a, b) => a - b);
    expect(entered.length).toBeGreaterThan(0);
    expect(exited.length).toBeGreaterThan(0);
    expect(events.filter((e) => e.kind === 'entered').map((e) => e.customerId).sort((a, b) => a - b)).toEqual(entered);
    expect(events.filter((e) => e.kind === 'exited').map((e) => e.customerId).sort((a, b) => a - b)).toEqual(exited);
    // the dependent rule followed (it is refreshed after the one it uses)
    expect(await storedMembers(ids[ids.length - 1])).toEqual(await nodeMembers(ids[ids.length - 1]));
  });

  it('leaves what SQL cannot express to the compiled matcher', () => {
    const context = { now: new Date(), activeModels: new Map() };
    const rule = (condition: unknown): StoredDefinition => ({ kind: 'rule', definition: { condition } }) as StoredDefinition;
    expect(membershipSql(rule({ all: [{ fact: 'signupAt', operator: 'daysAgoGreaterThan', value: 30 }] }), context)).toBeNull();
    expect(membershipSql(rule({ all: [{ fact: 'attributes', operator: 'equal', value: 'x', path: '$.Contract' }] }), context)).toBeNull();
    expect(membershipSql(rule({ all: [{ fact: 'features.frequency', operator: 'equal', value: 'NaN' }] }), context)).toBeNull();
    expect(membershipSql({ kind: 'manual', definition: { customerIds: [1] } } as StoredDefinition, context)).toBeNull();
  });

  it('agrees with the compiled matcher on NaN and infinite features', async () => {
    // a few customers with non-finite features (PostgreSQL orders NaN above every number; JavaScript compares it false)
    await t.prisma.pool.query(`
      UPDATE customer_facts SET purchase_trend = (ARRAY['NaN', 'Infinity', '-Infinity'])[1 + customer_id % 3]::float8, satisfaction = 'NaN'
       WHERE customer_id IN (SELECT customer_id FROM customer_facts ORDER BY customer_id LIMIT 30)`);
    const definitions = t.app.get(SegmentDefinitions);
    const conditions = [
      { fact: 'features.purchaseTrend', operator: 'greaterThan', value: 0 },
      { fact: 'features.purchaseTrend', operator: 'lessThanInclusive', value: 0 },
      { fact: 'features.purchaseTrend', operator: 'notEqual', value: 0 },
      { fact: 'features.satisfaction', operator: 'between', value: [-1, 1e9] },
      { not: { fact: 'features.satisfaction', operator: 'greaterThanInclusive', value: 0 } },
    ];
    for (const [i, condition] of conditions.entries()) {
      const segment = await definitions.create(undefined, { kind: 'rule', name: `Non-finite ${i}`, definition: { condition: { all: [condition] } } });
      await t.app.get(SegmentRefreshQueue).whenIdle();
      expect([i, await storedMembers(segment.id)]).toEqual([i, await nodeMembers(segment.id)]);
    }
  });
});
