import { readFileSync } from 'node:fs';
import path from 'node:path';
import { assignVariant, exampleRetentionFlow, isInHoldout, type FlowDefinition } from '@retain/rules';
import { startTestApp, type TestApp } from '../../testing/test-app';

jest.setTimeout(120_000);

const TELCO = path.resolve(__dirname, '../../../../../../shared/data/WA_Fn-UseC_-Telco-Customer-Churn.csv');

/** The Telco customers (7,043 real rows), with the columns the test uses. */
function telcoRows() {
  const [header, ...lines] = readFileSync(TELCO, 'utf8').trim().split(/\r?\n/);
  const columns = header.split(',');
  const at = (name: string) => columns.indexOf(name);
  return lines.map((line) => {
    const cells = line.split(',');
    return { externalId: cells[at('customerID')], contract: cells[at('Contract')], internet: cells[at('InternetService')], monthly: Number(cells[at('MonthlyCharges')]) };
  });
}

describe('POST /api/flows/:id/simulate on the Telco customers', () => {
  let t: TestApp;
  let marketer: string;
  let analyst: string;
  let segmentId: number;
  let flowId: number;
  let flow: FlowDefinition;

  beforeAll(async () => {
    t = await startTestApp();
    await t.reset();
    [marketer, analyst] = await Promise.all([t.tokenFor('marketer'), t.tokenFor('analyst')]);
    const rows = telcoRows();
    // customers, a churn score per customer (monthly charges over 120, a stored score like any other), and
    // "At Risk" = the month-to-month customers
    await t.prisma.pool.query(
      `INSERT INTO customers (external_id, attributes) SELECT * FROM unnest($1::text[], $2::jsonb[])`,
      [rows.map((r) => r.externalId), rows.map((r) => JSON.stringify({ Contract: r.contract, InternetService: r.internet, MonthlyCharges: r.monthly }))],
    );
    const model = await t.prisma.modelVersion.create({ data: { kind: 'churn', algorithm: 'logistic', version: 1, status: 'active', activatedAt: new Date(), featureNames: [], artifact: {} } });
    await t.prisma.pool.query(`INSERT INTO customer_scores (customer_id, model_version_id, score) SELECT id, $1, LEAST(1, (attributes->>'MonthlyCharges')::float / 120) FROM customers`, [model.id]);
    segmentId = (await t.prisma.segment.create({ data: { name: 'At Risk', kind: 'manual', definition: {} } })).id;
    await t.prisma.pool.query(`INSERT INTO segment_memberships (segment_id, customer_id) SELECT $1, id FROM customers WHERE attributes->>'Contract' = 'Month-to-month'`, [segmentId]);

    // the retention flow, with a filter (fibre customers) in front of the risk check
    flow = structuredClone(exampleRetentionFlow);
    const trigger = flow.nodes.find((node) => node.id === 'trigger')!;
    if (trigger.type !== 'trigger') throw new Error('the example flow changed');
    trigger.data.source = { kind: 'segment-entered', segmentId: String(segmentId) };
    flow.nodes.push({ id: 'fibre', type: 'segmentFilter', position: { x: 0, y: 60 }, data: { condition: { all: [{ fact: 'attributes.InternetService', operator: 'equal', value: 'Fiber optic' }] } } });
    flow.nodes.push({ id: 'exit-other', type: 'exit', position: { x: 300, y: 60 }, data: {} });
    flow.edges = flow.edges.filter((edge) => edge.id !== 'e-trigger-risk');
    flow.edges.push(
      { id: 'e-trigger-fibre', source: 'trigger', sourceHandle: 'next', target: 'fibre' },
      { id: 'e-fibre-risk', source: 'fibre', sourceHandle: 'match', target: 'risk' },
      { id: 'e-fibre-else', source: 'fibre', sourceHandle: 'else', target: 'exit-other' },
    );
    const created = await t.request('POST', '/api/flows', { auth: marketer, body: { name: 'Win back fibre', definition: flow } });
    expect(created.status).toBe(201);
    flowId = created.body.id;
  });
  afterAll(() => t.close());

  const count = async (sql: string, params: unknown[] = []) => Number((await t.prisma.pool.query<{ n: string }>(sql, params)).rows[0].n);

  it('counts who reaches each step and takes each connection, equal to independent SQL counts, and writes nothing', async () => {
    const before = await count(`SELECT (SELECT count(*) FROM audit_log) + (SELECT count(*) FROM flow_versions) AS n`);
    const res = await t.request('POST', `/api/flows/${flowId}/simulate`, { auth: analyst, body: {} });
    expect(res.status).toBe(200);
    const { nodes, edges, audienceSize, audience } = res.body;

    const members = `FROM customers c JOIN segment_memberships m ON m.customer_id = c.id AND m.segment_id = $1`;
    const fibre = `${members} WHERE c.attributes->>'InternetService' = 'Fiber optic'`;
    const risky = `${fibre} AND EXISTS (SELECT 1 FROM customer_scores s WHERE s.customer_id = c.id AND s.score >= 0.6)`;
    const audienceCount = await count(`SELECT count(*) AS n ${members}`, [segmentId]);
    const fibreCount = await count(`SELECT count(*) AS n ${fibre}`, [segmentId]);
    const riskyCount = await count(`SELECT count(*) AS n ${risky}`, [segmentId]);
    expect(audienceCount).toBe(3875); // Telco's month-to-month customers
    expect(fibreCount).toBeGreaterThan(0);
    expect(riskyCount).toBeGreaterThan(0);
    expect(riskyCount).toBeLessThan(fibreCount);

    expect(audience).toBe('Members of “At Risk”');
    expect(audienceSize).toBe(audienceCount);
    expect(nodes.trigger.reached).toBe(audienceCount);
    expect(nodes.fibre.reached).toBe(audienceCount);
    expect(edges['e-fibre-risk']).toBe(fibreCount);
    expect(edges['e-fibre-else']).toBe(audienceCount - fibreCount);
    expect(nodes.risk.reached).toBe(fibreCount);
    expect(edges['e-risk-split']).toBe(riskyCount);
    expect(nodes['exit-low-risk'].completed).toBe(fibreCount - riskyCount);

    // A/B: the same hash the runtime uses, over the ids SQL selects
    const riskyIds = (await t.prisma.pool.query<{ id: number }>(`SELECT c.id ${risky}`, [segmentId])).rows.map((r) => String(r.id));
    const split = flow.nodes.find((node) => node.id === 'split')!;
    if (split.type !== 'abSplit') throw new Error('the example flow changed');
    const armA = riskyIds.filter((id) => assignVariant(split.data.experimentKey, id, split.data.variants).id === 'A').length;
    expect(edges['e-split-a']).toBe(armA);
    expect(edges['e-split-b']).toBe(riskyCount - armA);
    expect(armA).toBeGreaterThan(riskyCount * 0.4);
    expect(armA).toBeLessThan(riskyCount * 0.6);

    // actions counted, never performed; everyone passes the wait and reaches the goal
    expect(nodes['email-miss-you'].performed).toBe(armA);
    expect(nodes['offer-15'].performed).toBe(riskyCount - armA);
    expect(nodes['email-offer-code'].performed).toBe(riskyCount - armA);
    expect(nodes['wait-3-days']).toMatchObject({ reached: riskyCount, waiting: riskyCount });
    expect(nodes['goal-purchase'].completed).toBe(riskyCount);
    expect(await count(`SELECT (SELECT count(*) FROM audit_log) + (SELECT count(*) FROM flow_versions) AS n`)).toBe(before);
  });

  it("leaves the flow's holdout out the way the runtime does: counted at the trigger, going nowhere", async () => {
    const withHoldout = structuredClone(flow);
    const trigger = withHoldout.nodes.find((node) => node.id === 'trigger')!;
    if (trigger.type !== 'trigger') throw new Error('the example flow changed');
    trigger.data.holdoutPercent = 20;
    const res = await t.request('POST', `/api/flows/${flowId}/simulate`, { auth: marketer, body: { definition: withHoldout } });
    expect(res.status).toBe(200);
    const memberIds = (await t.prisma.pool.query<{ id: number }>('SELECT customer_id AS id FROM segment_memberships WHERE segment_id = $1', [segmentId])).rows.map((r) => r.id);
    const heldOut = memberIds.filter((id) => isInHoldout(flowId, id, 20)).length;
    expect(heldOut).toBeGreaterThan(memberIds.length * 0.15);
    expect(heldOut).toBeLessThan(memberIds.length * 0.25);
    expect(res.body).toMatchObject({ heldOut, globalControl: 0, audienceSize: memberIds.length });
    expect(res.body.nodes.trigger).toMatchObject({ reached: memberIds.length, completed: heldOut });
    expect(res.body.edges['e-trigger-fibre']).toBe(memberIds.length - heldOut);
  });

  it('simulates an unsaved definition; event and manual triggers start from every customer and say so', async () => {
    const manual = structuredClone(flow);
    const trigger = manual.nodes.find((node) => node.id === 'trigger')!;
    if (trigger.type !== 'trigger') throw new Error('the example flow changed');
    trigger.data.source = { kind: 'manual' };
    const res = await t.request('POST', `/api/flows/${flowId}/simulate`, { auth: marketer, body: { definition: manual } });
    expect(res.status).toBe(200);
    expect(res.body.audience).toMatch(/^Every customer/);
    expect(res.body.audienceSize).toBe(await count('SELECT count(*) AS n FROM customers'));
    expect(res.body.edges['e-fibre-risk']).toBe(await count(`SELECT count(*) AS n FROM customers WHERE attributes->>'InternetService' = 'Fiber optic'`));
  });

  it('answers 400 in words for an incomplete definition or a missing segment, and 404 for a missing flow', async () => {
    const broken = { ...flow, nodes: flow.nodes.map((node) => (node.id === 'risk' ? { ...node, data: { operator: 'gte' } } : node)) };
    const bad = await t.request('POST', `/api/flows/${flowId}/simulate`, { auth: marketer, body: { definition: broken } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/cannot be simulated/);
    const noSegment = structuredClone(flow);
    const trigger = noSegment.nodes.find((node) => node.id === 'trigger')!;
    if (trigger.type !== 'trigger') throw new Error('the example flow changed');
    trigger.data.source = { kind: 'segment-entered', segmentId: '999999' };
    const missing = await t.request('POST', `/api/flows/${flowId}/simulate`, { auth: marketer, body: { definition: noSegment } });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toMatch(/does not exist/);
    expect((await t.request('POST', '/api/flows/999999/simulate', { auth: marketer, body: {} })).status).toBe(404);
  });
});
