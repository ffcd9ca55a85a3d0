import { parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import { startTestApp, TestApp } from '../testing/test-app';
import { ImportService } from './import.service';

const ONLINE_RETAIL = path.join(__dirname, '..', '..', '..', '..', '..', 'shared', 'data', 'online_retail.csv.gz');

jest.setTimeout(300_000);

/** Exact decimal text -> integer count of 1/10,000 (the amount column's scale), no floating point. */
function toTenThousandths(text: string): bigint {
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace(/^[-+]/, '').split('.');
  const value = BigInt(whole || '0') * 10_000n + BigInt((fraction + '0000').slice(0, 4));
  if (fraction.length > 4) throw new Error(`more than 4 decimals: ${text}`);
  return negative ? -value : value;
}

/** What the file says, computed without the importer: lines with a customer, Σ quantity x price, flags. */
async function independentTotals() {
  const totals = { lines: 0, withCustomer: 0, customers: new Set<string>(), amount: 0n, returns: 0, cancellations: 0 };
  const records = createReadStream(ONLINE_RETAIL).pipe(createGunzip()).pipe(parse({ columns: true }));
  for await (const r of records as AsyncIterable<Record<string, string>>) {
    totals.lines++;
    if (r.CustomerID === '') continue;
    totals.withCustomer++;
    totals.customers.add(r.CustomerID);
    // quantity is a whole number, so quantity x price keeps the price's scale exactly.
    totals.amount += BigInt(r.Quantity) * toTenThousandths(r.UnitPrice);
    if (Number(r.Quantity) < 0) totals.returns++;
    if (r.InvoiceNo.startsWith('C')) totals.cancellations++;
  }
  return totals;
}

describe('Online Retail, the real file, through the import service', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await t.reset();
  });
  afterAll(() => t.close());

  it('stores every line with a customer, skips the rest with a reason, and stores nothing new the second time', async () => {
    const imports = t.app.get(ImportService);
    const request = { kind: 'transactions' as const, filePath: ONLINE_RETAIL, mode: 'skip-and-report' as const, preset: 'online-retail' as const, actor: { userId: null, label: 'test' } };
    const progress: number[] = [];
    const first = await imports.run({ ...request, onProgress: (p) => progress.push(p.bytesRead / p.totalBytes) });
    console.log(`Online Retail import: ${(first.durationMs / 1000).toFixed(1)} s, ${first.rowsPerSecond} rows/s`);
    expect(first).toMatchObject({ status: 'succeeded', linesRead: 541_909, inserted: 406_829, unchanged: 0, skipped: 135_080, rejected: 0, problemCount: 0, customersCreated: 4_372 });
    expect(first.skippedReasons).toEqual([{ reason: 'no customer id (CustomerID is empty)', count: 135_080 }]);
    expect(progress.at(-1)).toBe(1);
    expect(progress.length).toBeGreaterThan(10);

    const expected = await independentTotals();
    expect(expected.withCustomer).toBe(406_829);
    const [stored] = await t.prisma.$queryRaw<{ lines: bigint; customers: bigint; amount: string; returns: bigint; cancellations: bigint; gbp: bigint }[]>`
      SELECT count(*) AS lines, count(DISTINCT customer_id) AS customers, sum(amount)::text AS amount,
             count(*) FILTER (WHERE is_return) AS returns, count(*) FILTER (WHERE is_cancellation) AS cancellations,
             count(*) FILTER (WHERE currency = 'GBP') AS gbp
      FROM transactions`;
    expect(stored).toEqual({
      lines: 406_829n,
      customers: 4_372n,
      amount: expect.any(String),
      returns: BigInt(expected.returns),
      cancellations: BigInt(expected.cancellations),
      gbp: 406_829n,
    });
    expect(toTenThousandths(stored.amount)).toBe(expected.amount);
    expect(await t.prisma.customer.count()).toBe(expected.customers.size);
    const customer = await t.prisma.customer.findUniqueOrThrow({ where: { externalId: '17850' } });
    expect(customer.country).toBe('United Kingdom');

    // UK local time: 2010-12-01 08:26 is GMT; 2011-06-01 12:05 is BST (UTC+1).
    const winter = await t.prisma.transaction.findFirstOrThrow({ where: { invoice: '536365' } });
    expect(winter.occurredAt.toISOString()).toBe('2010-12-01T08:26:00.000Z');
    const summer = await t.prisma.transaction.findFirstOrThrow({ where: { invoice: '555200' } });
    expect(summer.occurredAt.toISOString()).toBe('2011-06-01T11:05:00.000Z');

    const second = await imports.run(request);
    expect(second).toMatchObject({ status: 'succeeded', inserted: 0, unchanged: 406_829, skipped: 135_080, customersCreated: 0 });
    expect(await t.prisma.transaction.count()).toBe(406_829);
    const jobs = await t.prisma.importJob.findMany({ where: { fileName: 'online_retail.csv.gz' }, orderBy: { id: 'asc' } });
    expect(jobs.map((j) => [j.status, j.inserted, j.unchanged, j.skipped])).toEqual([
      ['succeeded', 406_829, 0, 135_080],
      ['succeeded', 0, 406_829, 135_080],
    ]);
  });
});
