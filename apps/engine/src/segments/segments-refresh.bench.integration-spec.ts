// Refresh timing on synthetic customers. Skipped unless SEGMENTS_BENCH_CUSTOMERS is set, e.g.
//   SEGMENTS_BENCH_CUSTOMERS=1000000 npx jest apps/engine/src/segments/segments-refresh.bench --selectProjects integration --runInBand
import { startTestApp, TestApp } from '../testing/test-app';
import { MembershipRefresher } from './membership-refresher';

const customers = Number(process.env.SEGMENTS_BENCH_CUSTOMERS ?? 0);
const run = customers > 0 ? describe : describe.skip;
jest.setTimeout(1_800_000);

run(`segment refresh over ${customers} synthetic customers`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await t.reset();
    const started = performance.now();
    await t.prisma.$executeRawUnsafe(
      `INSERT INTO customers (external_id, country, plan, age, email_consent, attributes)
       SELECT 'c' || i, (ARRAY['France','United Kingdom','Germany','Spain'])[1 + i % 4], (ARRAY['free','pro'])[1 + i % 2], 18 + i % 60, i % 3 = 0,
              jsonb_build_object('Contract', (ARRAY['Month-to-month','One year','Two year'])[1 + i % 3])
       FROM generate_series(1, ${customers}) AS i`,
    );
    await t.prisma.$executeRawUnsafe(
      `INSERT INTO customer_facts (customer_id, as_of, features, recency_score, frequency_score, monetary_score, rfm_segment, cluster)
       SELECT id, now(), jsonb_build_object('recencyDays', id % 365, 'frequency', 1 + id % 20, 'monetary', (id % 1000) * 1.5, 'purchaseTrend', (id % 7) - 3),
              1 + id % 5, 1 + (id / 5) % 5, 1 + (id / 25) % 5, 'Lost', id % 4 FROM customers`,
    );
    const model = await t.prisma.modelVersion.create({ data: { kind: 'churn', algorithm: 'forest', version: 1, status: 'active', activatedAt: new Date(), featureNames: [], artifact: {} } });
    await t.prisma.$executeRawUnsafe(`INSERT INTO customer_scores (customer_id, model_version_id, score) SELECT id, ${model.id}, (id % 1000) / 1000.0 FROM customers`);
    await t.prisma.$executeRawUnsafe('ANALYZE');
    console.log(`seeded ${customers} customers in ${Math.round(performance.now() - started)} ms`);
  });
  afterAll(() => t.close());

  it('times a rule segment and a score band: first refresh (all enter), a no-change refresh, and a partial change', async () => {
    const refresher = t.app.get(MembershipRefresher);
    const rule = await t.prisma.segment.create({
      data: {
        name: 'bench rule', kind: 'rule',
        definition: { condition: { all: [{ fact: 'features.recencyDays', operator: 'greaterThan', value: 90 }, { any: [{ fact: 'country', operator: 'in', value: ['France', 'Germany'] }, { fact: 'attributes.Contract', operator: 'equal', value: 'Month-to-month' }] }] } },
      },
    });
    const band = await t.prisma.segment.create({ data: { name: 'bench band', kind: 'scoreBand', definition: { model: 'churn', min: 0.7 } } });
    const time = async (label: string, id: number) => {
      const memory = process.memoryUsage().rss;
      const [result] = await refresher.refreshSegments([id]);
      console.log(`${label}: ${result.ms} ms, ${result.evaluated} evaluated, +${result.entered} −${result.exited}, size ${result.size}, rss ${Math.round(process.memoryUsage().rss / 1e6)} MB (before ${Math.round(memory / 1e6)} MB)`);
      return result;
    };
    const first = await time('rule, first refresh', rule.id);
    expect(first.size).toBeGreaterThan(0);
    await time('rule, no change', rule.id);
    await t.prisma.$executeRawUnsafe(`UPDATE customers SET country = 'Spain' WHERE id % 100 = 0`);
    await time('rule, 1 % of customers changed', rule.id);
    await time('score band ≥ 0.7, first refresh', band.id);
    await time('score band, no change', band.id);
  });
});
