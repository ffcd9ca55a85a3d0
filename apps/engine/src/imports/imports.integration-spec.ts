import { openAsBlob } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { startTestApp, TestApp } from '../testing/test-app';
import { MAX_UPLOAD_BYTES } from './upload.interceptor';

const FIXTURES = path.join(__dirname, 'fixtures');
const TELCO = path.join(__dirname, '..', '..', '..', '..', '..', 'shared', 'data', 'WA_Fn-UseC_-Telco-Customer-Churn.csv');
const BAD_ROWS = path.join(FIXTURES, 'transactions-bad-rows.csv');

jest.setTimeout(120_000);

describe('CSV imports over HTTP', () => {
  let t: TestApp;
  let admin: string;
  let mapping: string;

  beforeAll(async () => {
    t = await startTestApp();
    await t.reset();
    admin = await t.tokenFor('admin');
    mapping = await readFile(path.join(FIXTURES, 'transactions-mapping.json'), 'utf8');
  });
  afterAll(() => t.close());

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function upload(fields: Record<string, string>, file: Blob | null, fileName = 'upload.csv', auth: string | null = admin): Promise<{ status: number; body: any }> {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    if (file) form.append('file', file, fileName);
    const response = await fetch(`${t.baseUrl}/api/imports`, { method: 'POST', body: form, headers: auth ? { authorization: `Bearer ${auth}` } : {} });
    return { status: response.status, body: await response.json() };
  }
  const textFile = (text: string | Buffer) => new Blob([text]);

  it('imports Telco customers as typed attributes, and a second import changes nothing', async () => {
    const first = await upload({ kind: 'customers', preset: 'telco' }, await openAsBlob(TELCO), 'WA_Fn-UseC_-Telco-Customer-Churn.csv');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'succeeded', linesRead: 7043, inserted: 7043, updated: 0, unchanged: 0, rejected: 0 });
    expect(first.body.notes).toEqual([{ reason: 'TotalCharges was blank; stored as 0', count: 11 }]);

    const [counts] = await t.prisma.$queryRaw<{ customers: bigint; churned: bigint; blank_total: bigint; senior: bigint }[]>`
      SELECT count(*) AS customers,
             count(*) FILTER (WHERE attributes->'churned' = 'true') AS churned,
             count(*) FILTER (WHERE attributes->'TotalCharges' = '0' AND attributes->'tenure' = '0') AS blank_total,
             count(*) FILTER (WHERE jsonb_typeof(attributes->'SeniorCitizen') = 'boolean') AS senior
      FROM customers`;
    expect(counts).toEqual({ customers: 7043n, churned: 1869n, blank_total: 11n, senior: 7043n });
    const one = await t.prisma.customer.findUniqueOrThrow({ where: { externalId: '7590-VHVEG' } });
    expect(one.plan).toBe('Month-to-month');
    expect(one.attributes).toMatchObject({ gender: 'Female', SeniorCitizen: false, Partner: true, tenure: 1, MultipleLines: 'No phone service', MonthlyCharges: 29.85, TotalCharges: 29.85, churned: false });

    const second = await upload({ kind: 'customers', preset: 'telco' }, await openAsBlob(TELCO), 'WA_Fn-UseC_-Telco-Customer-Churn.csv');
    expect(second.body).toMatchObject({ status: 'succeeded', inserted: 0, updated: 0, unchanged: 7043 });
    const again = await t.prisma.customer.findUniqueOrThrow({ where: { externalId: '7590-VHVEG' } });
    expect(again.updatedAt).toEqual(one.updatedAt);

    const job = await t.request('GET', `/api/imports/${second.body.jobId}`, { auth: await t.tokenFor('analyst') });
    expect(job.status).toBe(200);
    expect(job.body).toMatchObject({ kind: 'customers', fileName: 'WA_Fn-UseC_-Telco-Customer-Churn.csv', mode: 'skip-and-report', status: 'succeeded', unchanged: 7043 });
    expect(job.body.summary).toMatchObject({ preset: 'telco', notes: [{ reason: 'TotalCharges was blank; stored as 0', count: 11 }] });
  });

  it('all-or-nothing: a bad row stores nothing and answers 422 with line, column and reason', async () => {
    const rejected = await upload({ kind: 'transactions', mapping, mode: 'all-or-nothing', timeZone: 'Europe/Madrid', currency: 'eur' }, textFile(await readFile(BAD_ROWS)));
    expect(rejected.status).toBe(422);
    expect(rejected.body.code).toBe('IMPORT_REJECTED');
    expect(rejected.body.details).toEqual([
      { line: 4, column: 'qty', message: 'line 4, column qty: "abc" is not a number' },
      { line: 5, column: 'date', message: 'line 5, column date: "not a date" is not a date (expected YYYY-MM-DD HH:MM:SS)' },
      { line: 6, column: 'customer', message: 'line 6, column customer: is empty (every transaction needs a customer id)' },
    ]);
    expect(await t.prisma.transaction.count({ where: { invoice: { startsWith: 'A-' } } })).toBe(0);
    expect(await t.prisma.customer.count({ where: { externalId: { in: ['c-1', 'c-2', 'c-3'] } } })).toBe(0);
    const jobs = await t.request('GET', '/api/imports?limit=5', { auth: admin });
    expect(jobs.body[0]).toMatchObject({ status: 'rejected', rejected: 3, problemCount: 3, inserted: 0 });
  });

  it('skip-and-report: stores the good rows, lists the bad ones, and a re-import stores nothing new', async () => {
    const fields = { kind: 'transactions', mapping, mode: 'skip-and-report', timeZone: 'Europe/Madrid', currency: 'EUR' };
    const first = await upload(fields, textFile(await readFile(BAD_ROWS)));
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'partial', linesRead: 6, inserted: 3, unchanged: 0, rejected: 3, problemCount: 3, customersCreated: 2 });
    expect(first.body.problems.map((p: { line: number }) => p.line)).toEqual([4, 5, 6]);
    const stored = await t.prisma.transaction.findMany({ where: { invoice: { startsWith: 'A-' } }, orderBy: { invoice: 'asc' }, include: { customer: true } });
    expect(stored.map((s) => [s.invoice, s.sku, s.amount.toString(), s.currency, s.isReturn, s.customer.country])).toEqual([
      ['A-1', 'SKU-1', '19.98', 'EUR', false, 'France'],
      ['A-1', 'SKU-2', '5', 'EUR', false, 'France'],
      ['A-5', 'SKU-1', '-9.99', 'EUR', true, 'Spain'],
    ]);
    // Madrid is UTC+1 in March before the change.
    expect(stored[0].occurredAt.toISOString()).toBe('2024-03-01T09:00:00.000Z');

    const second = await upload(fields, textFile(await readFile(BAD_ROWS)));
    expect(second.body).toMatchObject({ inserted: 0, unchanged: 3, rejected: 3 });
  });

  it('detects gzip by its bytes, whatever the file is called', async () => {
    const csv = 'order,customer,date,sku,qty,price,country\nG-1,g-1,2024-05-01 12:00:00,SKU-9,3,2.50,Italy\n';
    const result = await upload({ kind: 'transactions', mapping }, textFile(gzipSync(csv)), 'plain-name.csv');
    expect(result.status).toBe(201);
    expect(result.body).toMatchObject({ status: 'succeeded', inserted: 1 });
    const line = await t.prisma.transaction.findFirstOrThrow({ where: { invoice: 'G-1' } });
    expect(line.amount.toString()).toBe('7.5');
    expect(line.occurredAt.toISOString()).toBe('2024-05-01T12:00:00.000Z');
  });

  it('refuses a mapping naming a header the file lacks before reading any row, naming the header', async () => {
    const wrong = JSON.stringify({ ...JSON.parse(mapping), quantity: 'Quantity' });
    const result = await upload({ kind: 'transactions', mapping: wrong }, textFile(await readFile(BAD_ROWS)), 'orders.csv');
    expect(result.status).toBe(400);
    expect(result.body.message).toContain('orders.csv has no column "Quantity" (for quantity)');
    expect(result.body.details[0]).toMatchObject({ path: 'mapping.quantity', column: 'Quantity' });
    const job = await t.prisma.importJob.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(job).toMatchObject({ status: 'failed', linesRead: 0 });
  });

  it('answers bad input with 4xx and a message', async () => {
    const csv = textFile(await readFile(BAD_ROWS));
    const noFile = await upload({ kind: 'transactions', mapping }, null);
    expect(noFile.status).toBe(400);
    expect(noFile.body.message).toContain('field named "file"');
    const badKind = await upload({ kind: 'orders', mapping }, csv);
    expect(badKind.status).toBe(400);
    expect(badKind.body.message).toContain('kind');
    const badJson = await upload({ kind: 'transactions', mapping: '{"invoice":' }, csv);
    expect(badJson.status).toBe(400);
    expect(badJson.body.message).toContain('not valid JSON');
    const unknownField = await upload({ kind: 'transactions', mapping: JSON.stringify({ ...JSON.parse(mapping), colour: 'c' }) }, csv);
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.message).toContain('"colour" is not a transactions field');
    const wrongPreset = await upload({ kind: 'transactions', preset: 'telco' }, csv);
    expect(wrongPreset.status).toBe(400);
    expect(wrongPreset.body.message).toContain('telco preset imports customers');
    const badZone = await upload({ kind: 'transactions', mapping, timeZone: 'Mars/Base' }, csv);
    expect(badZone.status).toBe(400);
    expect(badZone.body.message).toContain('timeZone');
    const malformed = await upload({ kind: 'transactions', mapping }, textFile('order,customer,date,sku,qty,price,country\n"A-9"x,c,2024-01-01,s,1,1,X\n'));
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toMatch(/not a valid CSV file at line 2/);
    const json = await t.request('POST', '/api/imports', { auth: admin, body: { kind: 'transactions' } });
    expect(json.status).toBe(415);
    const missing = await t.request('GET', '/api/imports/999999', { auth: admin });
    expect(missing.status).toBe(404);
  });

  it('refuses an upload over 200 MB with 413 and leaves no temp file', async () => {
    const boundary = 'retain-boundary';
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\ntransactions\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.csv"\r\nContent-Type: text/csv\r\n\r\n`);
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(head);
        if (sent > MAX_UPLOAD_BYTES + 2 * chunk.length) {
          controller.enqueue(Buffer.from(`\r\n--${boundary}--\r\n`));
          controller.close();
          return;
        }
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const response = await fetch(`${t.baseUrl}/api/imports`, {
      method: 'POST',
      body,
      duplex: 'half',
      headers: { authorization: `Bearer ${admin}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { message: string }).message).toContain('larger than the 200 MB');
    const leftovers = (await readdir(os.tmpdir())).filter((f) => f.startsWith('retain-import-'));
    expect(leftovers).toEqual([]);
  });

  it('lets only admins and ingest keys import; every role and read keys may list', async () => {
    const csv = textFile(await readFile(BAD_ROWS));
    const analyst = await t.tokenFor('analyst');
    expect((await upload({ kind: 'transactions', mapping }, csv, 'x.csv', analyst)).status).toBe(403);
    expect((await upload({ kind: 'transactions', mapping }, csv, 'x.csv', await t.tokenFor('marketer'))).status).toBe(403);
    expect((await upload({ kind: 'transactions', mapping }, csv, 'x.csv', null)).status).toBe(401);
    expect((await upload({ kind: 'transactions', mapping }, csv, 'x.csv', await t.apiKey(['read']))).status).toBe(403);
    expect((await upload({ kind: 'transactions', mapping }, csv, 'x.csv', await t.apiKey(['ingest']))).status).toBe(201);
    const list = await t.request('GET', '/api/imports', { auth: analyst });
    expect(list.status).toBe(200);
    expect(list.body.length).toBeGreaterThan(0);
    expect(list.body[0].problems).toBeUndefined();
    expect((await t.request('GET', '/api/imports', {})).status).toBe(401);
    expect((await t.request('GET', '/api/imports', { auth: await t.apiKey(['read']) })).status).toBe(200);
  });
});
