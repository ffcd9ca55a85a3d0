import { DomainEventBus } from '../events/domain-event-bus';
import type { SegmentMembershipChange } from '../events/domain-events';
import { startTestApp, TestApp } from '../testing/test-app';
import { SegmentRefreshQueue } from './refresh-queue';

jest.setTimeout(60_000);

/** The facts are historical (like the Online Retail demo): data time and wall time differ by years. */
const FACTS_AS_OF = '2011-12-10T00:00:00.000Z';

describe('segments', () => {
  let t: TestApp;
  let admin: string;
  let marketer: string;
  let analyst: string;
  let modelId: number;
  const ids: Record<string, number> = {};
  const published: Array<{ event: string } & SegmentMembershipChange> = [];

  const members = async (segmentId: number) => {
    const res = await t.request('GET', `/api/segments/${segmentId}/members?pageSize=100`, { auth: analyst });
    expect(res.status).toBe(200);
    return (res.body.items as Array<{ externalId: string }>).map((m) => m.externalId).sort();
  };
  const create = async (body: unknown, auth = marketer) => t.request('POST', '/api/segments', { auth, body });

  beforeAll(async () => {
    t = await startTestApp();
    await t.reset();
    [admin, marketer, analyst] = await Promise.all([t.tokenFor('admin'), t.tokenFor('marketer'), t.tokenFor('analyst')]);
    const bus = t.app.get(DomainEventBus);
    bus.subscribe('segment.entered', (p) => void published.push({ event: 'entered', ...p }));
    bus.subscribe('segment.exited', (p) => void published.push({ event: 'exited', ...p }));

    const people = [
      { externalId: 'ann', country: 'France', plan: 'pro', attributes: { Contract: 'Month-to-month' } },
      { externalId: 'bob', country: 'France', plan: 'free', attributes: {} },
      { externalId: 'cyd', country: 'United Kingdom', plan: 'pro', attributes: { Contract: 'Two year' } },
      { externalId: 'dee', country: 'United Kingdom', plan: 'free', attributes: {} },
      { externalId: 'eve', country: null, plan: null, attributes: {} },
    ];
    for (const p of people) ids[p.externalId] = (await t.prisma.customer.create({ data: p })).id;
    await t.prisma.clusteringRun.create({ data: { asOf: new Date(), featureNames: ['recencyDays'], k: 3 } });
    const facts = [
      { who: 'ann', recencyDays: 120, r: 2, f: 4, m: 5, segment: 'At Risk', cluster: 0 },
      { who: 'bob', recencyDays: 10, r: 5, f: 5, m: 5, segment: 'Champions', cluster: 1 },
      { who: 'cyd', recencyDays: 200, r: 1, f: 1, m: 1, segment: 'Lost', cluster: 2 },
      { who: 'dee', recencyDays: 90, r: 2, f: 5, m: 4, segment: 'At Risk', cluster: 0 },
    ];
    await t.prisma.customerFacts.createMany({
      data: facts.map((f) => ({
        customerId: ids[f.who], asOf: new Date(FACTS_AS_OF), recencyDays: f.recencyDays, frequency: 3, recencyScore: f.r, frequencyScore: f.f, monetaryScore: f.m,
        rfmSegment: f.segment, cluster: f.cluster, clusterLabel: `label ${f.cluster}`,
      })),
    });
    const model = await t.prisma.modelVersion.create({ data: { kind: 'churn', algorithm: 'forest', version: 3, status: 'active', activatedAt: new Date(), featureNames: [], artifact: {} } });
    modelId = model.id;
    await t.prisma.customerScore.createMany({
      data: [
        { customerId: ids.ann, modelVersionId: modelId, score: 0.74 },
        { customerId: ids.bob, modelVersionId: modelId, score: 0.1 },
        { customerId: ids.cyd, modelVersionId: modelId, score: 0.91 },
      ],
    });
  });
  afterAll(() => t.close());

  it('materializes a rule segment over columns and features, with history and events', async () => {
    const res = await create({
      kind: 'rule',
      name: 'French lapsing',
      definition: { condition: { all: [{ fact: 'country', operator: 'equal', value: 'France' }, { fact: 'features.recencyDays', operator: 'greaterThan', value: 60 }] } },
    });
    expect(res.status).toBe(201);
    expect(res.body.size).toBe(1);
    ids.frenchLapsing = res.body.id;
    expect(await members(res.body.id)).toEqual(['ann']);
    expect(published).toContainEqual(expect.objectContaining({ event: 'entered', segmentId: res.body.id, customerId: ids.ann, reason: 'rule matched' }));
    const attr = await create({ kind: 'rule', name: 'Monthly', definition: { condition: { any: [{ fact: 'attributes.Contract', operator: 'equal', value: 'Month-to-month' }] } } });
    expect(await members(attr.body.id)).toEqual(['ann']);
  });

  it('materializes RFM (names and cells), cluster and score band segments', async () => {
    const atRisk = await create({ kind: 'rfm', name: 'At risk', definition: { segments: ['At Risk'] } });
    expect(atRisk.status).toBe(201);
    expect(await members(atRisk.body.id)).toEqual(['ann', 'dee']);
    const cell = await create({ kind: 'rfm', name: 'R1', definition: { cells: [{ r: 1, fm: 1 }, { r: 5, fm: 5 }] } });
    expect(await members(cell.body.id)).toEqual(['bob', 'cyd']);
    const cluster = await create({ kind: 'cluster', name: 'Cluster 0 and 2', definition: { clusters: [0, 2] } });
    expect(await members(cluster.body.id)).toEqual(['ann', 'cyd', 'dee']);
    const band = await create({ kind: 'scoreBand', name: 'High churn risk', definition: { model: 'churn', min: 0.7 } });
    expect(band.status).toBe(201);
    ids.band = band.body.id;
    const list = await t.request('GET', `/api/segments/${band.body.id}/members`, { auth: analyst });
    expect(list.body.items.map((m: { externalId: string; score: number }) => [m.externalId, m.score]).sort()).toEqual([['ann', 0.74], ['cyd', 0.91]]);
    const history = await t.request('GET', `/api/segments/${band.body.id}/history`, { auth: analyst });
    expect(history.body.items.find((h: { customerId: number }) => h.customerId === ids.ann)).toMatchObject({ kind: 'entered', reason: 'churn risk 0.74 ≥ 0.70', modelVersionId: modelId, score: 0.74 });
  });

  it('moves a customer out of a score band when the score drops, with model version and score', async () => {
    await t.prisma.customerScore.update({ where: { customerId_modelVersionId: { customerId: ids.ann, modelVersionId: modelId } }, data: { score: 0.5 } });
    published.length = 0;
    const res = await t.request('POST', `/api/segments/${ids.band}/refresh`, { auth: marketer });
    expect(res.status).toBe(200);
    expect(res.body.segment.size).toBe(1);
    expect(published).toEqual([expect.objectContaining({ event: 'exited', segmentId: ids.band, customerId: ids.ann, modelVersionId: modelId, score: 0.5, reason: 'churn risk 0.50 < 0.70' })]);
    const exits = await t.request('GET', `/api/segments/${ids.band}/history?kind=exited`, { auth: analyst });
    expect(exits.body.items).toEqual([expect.objectContaining({ customerId: ids.ann, kind: 'exited', modelVersionId: modelId, score: 0.5 })]);
  });

  it('uses every active version of a model kind (one per population), recording the one that scored the customer', async () => {
    const telco = await t.prisma.modelVersion.create({ data: { kind: 'churn', algorithm: 'logistic', version: 4, status: 'active', activatedAt: new Date(), featureNames: [], artifact: {}, dataWindow: { population: 'telco' } } });
    await t.prisma.customerScore.create({ data: { customerId: ids.eve, modelVersionId: telco.id, score: 0.95 } });
    const res = await t.request('POST', `/api/segments/${ids.band}/refresh`, { auth: marketer });
    expect(res.body.segment.size).toBe(2);
    const entries = await t.request('GET', `/api/segments/${ids.band}/history?kind=entered&limit=1`, { auth: analyst });
    expect(entries.body.items[0]).toMatchObject({ customerId: ids.eve, modelVersionId: telco.id, score: 0.95 });
    await t.prisma.modelVersion.update({ where: { id: telco.id }, data: { status: 'retired' } });
    await t.request('POST', `/api/segments/${ids.band}/refresh`, { auth: marketer });
  });

  it('refreshes on a model activation only the segments that read scores, and on new facts only those that read facts', async () => {
    const refreshedBy = async (trigger: () => Promise<void>) => {
      const before = new Map((await t.prisma.segment.findMany({ where: { archivedAt: null } })).map((s) => [s.name, s.lastRefreshedAt?.getTime()]));
      await trigger();
      await t.app.get(SegmentRefreshQueue).whenIdle();
      const after = await t.prisma.segment.findMany({ where: { archivedAt: null }, orderBy: { name: 'asc' } });
      return after.filter((s) => s.lastRefreshedAt?.getTime() !== before.get(s.name)).map((s) => s.name);
    };
    // a rule over the score band follows it (a dependent), though it names no score itself
    const follower = await create({ kind: 'rule', name: 'Risky and French', definition: { condition: { all: [{ fact: 'segments', operator: 'inSegment', value: String(ids.band) }, { fact: 'country', operator: 'equal', value: 'France' }] } } });
    expect(follower.status).toBe(201);
    const bus = t.app.get(DomainEventBus);
    expect(await refreshedBy(() => bus.publish('model.activated', { modelVersionId: modelId, kind: 'churn:transactions' }))).toEqual(['High churn risk', 'Risky and French']);
    expect(await refreshedBy(() => bus.publish('model.rescored', { modelVersionId: modelId, kind: 'churn:transactions' }))).toEqual(['High churn risk', 'Risky and French']);
    expect(await refreshedBy(() => bus.publish('customer.facts-updated', { customerIds: 'all', asOf: new Date() }))).toEqual(['At risk', 'Cluster 0 and 2', 'French lapsing', 'Monthly', 'R1', 'Risky and French']);
    await t.request('DELETE', `/api/segments/${follower.body.id}`, { auth: marketer });
  });

  it('keeps manual lists, by external id, and replaces them with entries and exits', async () => {
    const res = await create({ kind: 'manual', name: 'VIP list', definition: { externalIds: ['bob', 'eve'] } });
    expect(res.status).toBe(201);
    ids.vip = res.body.id;
    expect(await members(res.body.id)).toEqual(['bob', 'eve']);
    const put = await t.request('PUT', `/api/segments/${res.body.id}/members`, { auth: marketer, body: { externalIds: ['eve', 'dee'] } });
    expect(put.status).toBe(200);
    expect(await members(res.body.id)).toEqual(['dee', 'eve']);
    const exits = await t.request('GET', `/api/segments/${res.body.id}/history?kind=exited`, { auth: analyst });
    expect(exits.body.items).toEqual([expect.objectContaining({ externalId: 'bob', reason: 'removed from the list' })]);
    const unknown = await t.request('PUT', `/api/segments/${res.body.id}/members`, { auth: marketer, body: { externalIds: ['nobody'] } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('nobody');
  });

  it('records each entry and exit in data time (asOf): the facts\' as-of, the wall time for manual lists and customers without facts', async () => {
    type Item = { customerId: number; kind: string; at: string; asOf: string; reason: string };
    const history = async (segmentId: number) => (await t.request('GET', `/api/segments/${segmentId}/history?limit=100`, { auth: analyst })).body.items as Item[];
    const band = await history(ids.band);
    const annBand = band.filter((h) => h.customerId === ids.ann);
    expect(annBand.map((h) => [h.kind, h.asOf])).toEqual([['exited', FACTS_AS_OF], ['entered', FACTS_AS_OF]]);
    // eve has a score but no facts yet: nothing says when in data time, so the wall time of the refresh
    const eve = band.find((h) => h.customerId === ids.eve && h.kind === 'entered')!;
    expect(eve.asOf).toBe(eve.at);
    expect(Date.parse(eve.at)).toBeGreaterThan(Date.parse(FACTS_AS_OF));
    const rule = await history(ids.frenchLapsing);
    expect(rule).toEqual([expect.objectContaining({ customerId: ids.ann, kind: 'entered', asOf: FACTS_AS_OF })]);
    const manual = await history(ids.vip);
    expect(manual.length).toBe(4);
    for (const h of manual) expect(h.asOf).toBe(h.at);
    const stored = await t.prisma.segmentMembershipEvent.count({ where: { asOf: null } });
    expect(stored).toBe(0);
    const mine = await t.request('GET', `/api/customers/${ids.ann}/segments`, { auth: analyst });
    expect(mine.body.history.length).toBeGreaterThan(0);
    for (const h of mine.body.history as Item[]) expect(h.asOf).toBe(FACTS_AS_OF);
  });

  it('refreshes segments that use inSegment after the ones they use, and refuses cycles', async () => {
    const base = await create({ kind: 'rule', name: 'Pro', definition: { condition: { all: [{ fact: 'plan', operator: 'equal', value: 'pro' }] } } });
    const derived = await create({
      kind: 'rule',
      name: 'Pro in UK',
      definition: { condition: { all: [{ fact: 'segments', operator: 'inSegment', value: String(base.body.id) }, { fact: 'country', operator: 'equal', value: 'United Kingdom' }] } },
    });
    expect(derived.status).toBe(201);
    expect(await members(derived.body.id)).toEqual(['cyd']);
    // dee becomes pro: refreshing the base alone also refreshes the derived segment, after it
    await t.prisma.customer.update({ where: { id: ids.dee }, data: { plan: 'pro' } });
    const refreshed = await t.request('POST', `/api/segments/${base.body.id}/refresh`, { auth: marketer });
    expect(refreshed.body.results.map((r: { segmentId: number }) => r.segmentId)).toEqual([base.body.id, derived.body.id]);
    expect(await members(derived.body.id)).toEqual(['cyd', 'dee']);
    const cycle = await t.request('PATCH', `/api/segments/${base.body.id}`, {
      auth: marketer,
      body: { definition: { condition: { all: [{ fact: 'segments', operator: 'inSegment', value: String(derived.body.id) }] } } },
    });
    expect(cycle.status).toBe(400);
    expect(cycle.body.message).toContain('Pro in UK');
    const inUse = await t.request('DELETE', `/api/segments/${base.body.id}`, { auth: marketer });
    expect(inUse.status).toBe(409);
    expect(inUse.body.message).toContain('Pro in UK');
  });

  it('rejects unknown facts, segments, RFM names and clusters at save, naming them; duplicate names are 409', async () => {
    const fact = await create({ kind: 'rule', name: 'x1', definition: { condition: { all: [{ fact: 'features.shoeSize', operator: 'greaterThan', value: 1 }] } } });
    expect(fact.status).toBe(400);
    expect(fact.body.message).toContain('features.shoeSize');
    const segment = await create({ kind: 'rule', name: 'x2', definition: { condition: { all: [{ fact: 'segments', operator: 'inSegment', value: '987654' }] } } });
    expect(segment.status).toBe(400);
    expect(segment.body.message).toContain('987654');
    const operator = await create({ kind: 'rule', name: 'x3', definition: { condition: { all: [{ fact: 'age', operator: 'isBig', value: 1 }] } } });
    expect(operator.status).toBe(400);
    const rfm = await create({ kind: 'rfm', name: 'x4', definition: { segments: ['Sleepy'] } });
    expect(rfm.status).toBe(400);
    expect(rfm.body.message).toContain('Sleepy');
    const cluster = await create({ kind: 'cluster', name: 'x5', definition: { clusters: [7] } });
    expect(cluster.status).toBe(400);
    expect(cluster.body.message).toContain('7');
    const band = await create({ kind: 'scoreBand', name: 'x6', definition: { model: 'churn', min: 0.8, max: 0.2 } });
    expect(band.status).toBe(400);
    const duplicate = await create({ kind: 'rfm', name: 'At risk', definition: { segments: ['Lost'] } });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.message).toContain('At risk');
    expect((await t.request('GET', '/api/segments', { auth: analyst })).body.map((s: { name: string }) => s.name)).not.toContain('x1');
  });

  it('re-evaluates just the customers named by customer.data-changed', async () => {
    await t.prisma.customer.update({ where: { id: ids.bob }, data: { country: 'Spain' } });
    await t.prisma.customer.update({ where: { id: ids.eve }, data: { country: 'France' } });
    await t.prisma.customerFacts.create({ data: { customerId: ids.eve, asOf: new Date(), recencyDays: 61 } });
    published.length = 0;
    await t.app.get(DomainEventBus).publish('customer.data-changed', { customerIds: [ids.eve], source: 'ingest' });
    await t.app.get(SegmentRefreshQueue).whenIdle();
    expect(await members(ids.frenchLapsing)).toEqual(['ann', 'eve']);
    expect(published.every((p) => p.customerId === ids.eve)).toBe(true);
    expect(published).toContainEqual(expect.objectContaining({ event: 'entered', segmentId: ids.frenchLapsing, customerId: ids.eve }));
    const mine = await t.request('GET', `/api/customers/${ids.eve}/segments`, { auth: analyst });
    expect(mine.status).toBe(200);
    expect(mine.body.memberships.map((m: { segment: { name: string } }) => m.segment.name)).toContain('French lapsing');
    expect((await t.request('GET', '/api/customers/424242/segments', { auth: analyst })).status).toBe(404);
  });

  it('pages history newest first, and reports the size per day', async () => {
    const first = await t.request('GET', `/api/segments/${ids.band}/history?limit=2`, { auth: analyst });
    expect(first.body.items).toHaveLength(2);
    expect(first.body.items[0].kind).toBe('exited');
    const second = await t.request('GET', `/api/segments/${ids.band}/history?limit=2&before=${first.body.nextBefore}`, { auth: analyst });
    expect(second.body.items).toHaveLength(2);
    const third = await t.request('GET', `/api/segments/${ids.band}/history?limit=2&before=${second.body.nextBefore}`, { auth: analyst });
    expect(third.body.items).toHaveLength(1);
    expect(third.body.nextBefore).toBeNull();
    const sizes = await t.request('GET', `/api/segments/${ids.band}/size-history?days=3`, { auth: analyst });
    expect(sizes.body.days).toHaveLength(3);
    expect(sizes.body.days[2]).toMatchObject({ entered: 3, exited: 2, size: 1 });
    expect((await t.request('GET', `/api/segments/${ids.band}/history?before=abc`, { auth: analyst })).status).toBe(400);
  });

  it('previews an unsaved definition without writing', async () => {
    const before = await t.prisma.segmentMembershipEvent.count();
    const res = await t.request('POST', '/api/segments/preview', { auth: marketer, body: { kind: 'scoreBand', definition: { min: 0.05 }, sampleSize: 1 } });
    expect(res.status).toBe(200);
    expect(res.body.count).toBe(3);
    expect(res.body.sample).toHaveLength(1);
    expect(res.body.sample[0].score).toEqual(expect.any(Number));
    expect(await t.prisma.segmentMembershipEvent.count()).toBe(before);
    const facts = await t.request('GET', '/api/segments/facts', { auth: analyst });
    expect(facts.body.facts.map((f: { name: string }) => f.name)).toEqual(expect.arrayContaining(['country', 'features.recencyDays', 'rfm.segment', 'scores.churn', 'segments']));
  });

  it('archives: members exit with the reason, and the segment leaves the list', async () => {
    published.length = 0;
    const res = await t.request('DELETE', `/api/segments/${ids.frenchLapsing}`, { auth: marketer });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ size: 0, archivedAt: expect.any(String) });
    expect(published.map((p) => [p.event, p.reason])).toEqual([['exited', 'segment archived'], ['exited', 'segment archived']]);
    const exits = await t.request('GET', `/api/segments/${ids.frenchLapsing}/history?kind=exited`, { auth: analyst });
    expect(exits.body.items).toHaveLength(2);
    for (const h of exits.body.items as Array<{ at: string; asOf: string }>) expect(h.asOf).toBe(h.at); // archiving is a decision in wall time
    const list = await t.request('GET', '/api/segments', { auth: analyst });
    expect(list.body.map((s: { id: number }) => s.id)).not.toContain(ids.frenchLapsing);
    expect((await t.request('PATCH', `/api/segments/${ids.frenchLapsing}`, { auth: marketer, body: { name: 'again' } })).status).toBe(409);
  });

  it('lets every role read and only admins and marketers write', async () => {
    expect((await create({ kind: 'rfm', name: 'nope', definition: { segments: ['Lost'] } }, analyst)).status).toBe(403);
    expect((await t.request('POST', `/api/segments/${ids.band}/refresh`, { auth: analyst })).status).toBe(403);
    expect((await t.request('GET', `/api/segments/${ids.band}`, { auth: analyst })).status).toBe(200);
    expect((await create({ kind: 'rfm', name: 'Admin made', definition: { segments: ['Lost'] } }, admin)).status).toBe(201);
    expect((await t.request('GET', '/api/segments/999999', { auth: analyst })).status).toBe(404);
    expect((await t.request('GET', '/api/segments/abc', { auth: analyst })).status).toBe(400);
  });

  it("deletes a deleted customer's facts, scores, memberships and history (the cascade without foreign keys)", async () => {
    const count = async (table: string) => Number((await t.prisma.pool.query(`SELECT count(*) AS n FROM ${table} WHERE customer_id = $1`, [ids.ann])).rows[0].n);
    const tables = ['customer_facts', 'customer_scores', 'segment_memberships', 'segment_membership_events'];
    for (const table of tables) expect(await count(table)).toBeGreaterThan(0);
    await t.prisma.pool.query('DELETE FROM customers WHERE id = $1', [ids.ann]);
    for (const table of tables) expect(await count(table)).toBe(0);
  });
});

