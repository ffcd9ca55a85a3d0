import { RFM_SEGMENTS, computeCustomerFeatures, scoreRfm } from '@retain/segmentation';
import path from 'node:path';
import { DomainEventBus } from '../events/domain-event-bus';
import type { DomainEvents } from '../events/domain-events';
import { ImportService } from '../imports/import.service';
import { startTestApp, TestApp } from '../testing/test-app';
import { CustomerDataLoader } from './customer-data-loader';
import { FactsPipeline, FactsRefreshResult, featuresFrom } from './facts-pipeline.service';
import { FactsRefreshQueue } from './facts-refresh.queue';

const DATA_DIR = path.join(__dirname, '..', '..', '..', '..', '..', 'shared', 'data');

jest.setTimeout(300_000);

// The library's own test loader reads the CSV without the engine (plain require: it lives outside this app's sources).
// eslint-disable-next-line @typescript-eslint/no-require-imports, @nx/enforce-module-boundaries -- test oracle: the library's own data loader, never product code
const onlineRetail = require('../../../../libs/segmentation/src/testing/online-retail');

/** InvoiceDate is UK local time; the loader reads it as UTC. British Summer Time 2011: 27 March 01:00 UTC to 30 October 01:00 UTC. */
function londonToUtc(localAsUtc: number): number {
  return localAsUtc >= Date.UTC(2011, 2, 27, 2) && localAsUtc < Date.UTC(2011, 9, 30, 2) ? localAsUtc - 3_600_000 : localAsUtc;
}

describe('Facts pipeline on Online Retail', () => {
  let t: TestApp;
  let result: FactsRefreshResult;
  const published: DomainEvents['customer.facts-updated'][] = [];

  beforeAll(async () => {
    t = await startTestApp();
    await t.reset();
    const report = await t.app.get(ImportService).run({
      kind: 'transactions',
      filePath: path.join(DATA_DIR, 'online_retail.csv.gz'),
      mode: 'skip-and-report',
      preset: 'online-retail',
      actor: { userId: null, label: 'test' },
    });
    expect(report.status).toBe('succeeded');
    t.app.get(DomainEventBus).subscribe('customer.facts-updated', (p) => void published.push(p));
    const started = Date.now();
    result = await t.app.get(FactsPipeline).refreshAll();
    console.log(`Facts pipeline on Online Retail: ${Date.now() - started} ms ${JSON.stringify(result.timings)}, k = ${result.k}`);
  });
  afterAll(() => t.close());

  it('computes facts as of one day after the newest invoice and scores the 4,338 customers with valid purchases', async () => {
    // Newest invoice: 2011-12-09 12:50 in London (= UTC in December).
    expect(result.asOf.toISOString()).toBe('2011-12-10T12:50:00.000Z');
    expect(result.scored).toBe(4_338);
    const [{ scored }] = await t.prisma.$queryRaw<{ scored: bigint }[]>`SELECT count(*) AS scored FROM customer_facts WHERE rfm_segment IS NOT NULL`;
    expect(Number(scored)).toBe(4_338);
    expect(published.at(-1)).toEqual({ customerIds: 'all', asOf: result.asOf });
  });

  it("gives every customer the RFM segment the library gives them from the CSV file itself", async () => {
    const data = onlineRetail.loadOnlineRetail();
    const { transactions } = data;
    // The pipeline's lines: purchases with a positive price, and every return or cancellation (netted off).
    const mask = Uint8Array.from(transactions.quantity as Float64Array, (q: number, i: number) => (data.isCancellation[i] || q < 0 || data.unitPrice[i] > 0 ? 1 : 0));
    const lines = onlineRetail.selectLines(transactions, mask);
    lines.time = lines.time.map(londonToUtc);
    lines.isReturn = Uint8Array.from(lines.quantity as Float64Array, (q: number, i: number) => (q < 0 || lines.isReturn[i] ? 1 : 0));
    const features = computeCustomerFeatures(lines, { cutoff: result.asOf, customerCount: data.customerIds.length });
    const rfm = scoreRfm({ recencyDays: features.columns.recencyDays, frequency: features.columns.frequency, monetary: features.columns.monetary, include: features.hasPurchase });
    expect(rfm.scoredCount).toBe(4_338);

    const stored = await t.prisma.$queryRaw<{ external_id: string; rfm_segment: string | null; r: number | null }[]>`
      SELECT c.external_id, f.rfm_segment, f.recency_score AS r FROM customer_facts f JOIN customers c ON c.id = f.customer_id`;
    const storedSegment = new Map(stored.map((row) => [row.external_id, row.rfm_segment]));
    let differing = 0;
    Array.from(data.customerIds as Int32Array).forEach((numericId, c) => {
      const id = String(numericId);
      const expected = rfm.segment[c] === 255 ? null : RFM_SEGMENTS[rfm.segment[c]];
      if ((storedSegment.get(id) ?? null) !== expected) differing++;
    });
    expect(differing).toBe(0);

    const grid = await t.request('GET', '/api/segmentation/rfm-grid', { auth: await t.tokenFor('analyst') });
    expect(grid.status).toBe(200);
    const bySegment = Object.fromEntries(grid.body.segments.map((s: { segment: string; customers: number }) => [s.segment, s.customers]));
    expect(bySegment).toEqual(rfm.segmentCounts);
    console.log(`RFM segments of the 4,338 customers: ${JSON.stringify(bySegment)}`);
    expect(grid.body.cells).toHaveLength(25);
    expect(grid.body.scoredCustomers).toBe(4_338);
  });

  it('stores the clustering: silhouette per k, labelled profiles, DBSCAN outliers', async () => {
    const response = await t.request('GET', '/api/segmentation/clusters', { auth: await t.apiKey(['read']) });
    expect(response.status).toBe(200);
    const run = response.body;
    expect(run.silhouetteByK.map((s: { k: number }) => s.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(run.k).toBe(result.k);
    expect(run.profiles).toHaveLength(run.k);
    expect(run.profiles.reduce((sum: number, p: { size: number }) => sum + p.size, 0)).toBe(4_338);
    for (const profile of run.profiles) expect(profile.label).toMatch(/\w/);
    expect(run.outliers.method).toBe('dbscan');
    expect(run.outliers.rows).toBe(4_338);
    expect(run.outliers.outlierCount).toBeGreaterThan(0);
    console.log(`Clusters: k = ${run.k}, silhouette ${JSON.stringify(run.silhouetteByK.map((s: { k: number; silhouette: number }) => [s.k, +s.silhouette.toFixed(3)]))}; ` +
      `${run.profiles.map((p: { label: string; size: number }) => `${p.label} (${p.size})`).join('; ')}; DBSCAN outliers ${run.outliers.outlierCount}`);
    const [{ labelled }] = await t.prisma.$queryRaw<{ labelled: bigint }[]>`SELECT count(*) AS labelled FROM customer_facts WHERE cluster_label IS NOT NULL AND clustering_run_id = ${run.id}`;
    expect(Number(labelled)).toBe(4_338);
  });

  it('updates just the changed customers on customer.data-changed, against the stored quintile boundaries', async () => {
    const [customer] = await t.prisma.$queryRaw<{ id: number; frequency: number; rfm_segment: string }[]>`
      SELECT customer_id AS id, frequency, rfm_segment FROM customer_facts WHERE rfm_segment = 'Lost' ORDER BY customer_id LIMIT 1`;
    const before = await t.prisma.customerFacts.findMany({ where: { customerId: { not: customer.id } }, select: { customerId: true, updatedAt: true }, take: 5 });
    // The "Lost" customer comes back the day before the facts' instant with a large order.
    await t.prisma.$executeRaw`
      INSERT INTO transactions (customer_id, invoice, line_key, amount, quantity, unit_price, occurred_at, source)
      VALUES (${customer.id}, 'T-COMEBACK', ${`test-comeback-${customer.id}`}, 50000, 1, 50000, '2011-12-09T10:00:00Z', 'test')`;
    published.length = 0;
    await t.app.get(DomainEventBus).publish('customer.data-changed', { customerIds: [customer.id], source: 'ingest' });
    expect(published).toEqual([{ customerIds: [customer.id], asOf: result.asOf }]);
    const after = await t.prisma.customerFacts.findUniqueOrThrow({ where: { customerId: customer.id } });
    expect(after.frequency).toBe(customer.frequency + 1);
    expect(after.recencyScore).toBe(5);
    expect(after.monetaryScore).toBe(5);
    expect(after.rfmSegment).not.toBe('Lost');
    const untouched = await t.prisma.customerFacts.findMany({ where: { customerId: { in: before.map((b) => b.customerId) } }, select: { customerId: true, updatedAt: true } });
    expect(untouched).toEqual(expect.arrayContaining(before));
  });

  it('gives every customer the same features, bit for bit, from a full load (two streams) as from a load of all their ids (one stream)', async () => {
    const loader = t.app.get(CustomerDataLoader);
    loader.forget();
    const full = await loader.load();
    const byIds = await loader.load([...full.customers.ids]);
    expect(byIds.customers.ids).toEqual(full.customers.ids);
    expect(byIds.transactions.time.length).toBe(full.transactions.time.length);
    const asOf = result.asOf.getTime();
    const [a, b] = [featuresFrom(full, asOf), featuresFrom(byIds, asOf)];
    for (const name of Object.keys(a.columns) as Array<keyof typeof a.columns>) expect([name, b.columns[name]]).toEqual([name, a.columns[name]]);
  });

  it('hands a full load to the next full load while the data is unchanged, and loads again after a line is added or deleted', async () => {
    const loader = t.app.get(CustomerDataLoader);
    const first = await loader.load();
    expect(await loader.load()).toBe(first);
    const [{ id }] = await t.prisma.$queryRaw<{ id: number }[]>`SELECT customer_id AS id FROM customer_facts WHERE rfm_segment IS NOT NULL ORDER BY customer_id LIMIT 1`;
    await t.prisma.$executeRaw`
      INSERT INTO transactions (customer_id, invoice, line_key, amount, quantity, unit_price, occurred_at, source)
      VALUES (${id}, 'T-SHARED', 'test-shared-load', 12, 1, 12, '2011-12-01T10:00:00Z', 'test')`;
    const second = await loader.load();
    expect(second).not.toBe(first);
    expect(second.transactions.time.length).toBe(first.transactions.time.length + 1);
    expect(await loader.load()).toBe(second);
    await t.prisma.$executeRaw`DELETE FROM transactions WHERE line_key = 'test-shared-load'`;
    const third = await loader.load();
    expect(third).not.toBe(second);
    expect(third.transactions.time.length).toBe(first.transactions.time.length);
  });

  it('enqueues a full refresh for writers only, and answers 401/403 otherwise', async () => {
    expect((await t.request('POST', '/api/segmentation/refresh')).status).toBe(401);
    expect((await t.request('POST', '/api/segmentation/refresh', { auth: await t.tokenFor('analyst') })).status).toBe(403);
    const queued = await t.request('POST', '/api/segmentation/refresh', { auth: await t.tokenFor('marketer') });
    expect(queued.status).toBe(202);
    expect(queued.body.running).toBe(true);
    await t.app.get(FactsRefreshQueue).idle();
    expect(t.app.get(FactsRefreshQueue).status()).toMatchObject({ running: false, lastError: null, last: { scored: 4_338 } });
  });
});
