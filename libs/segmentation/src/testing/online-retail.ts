/**
 * Test-only loader for the UCI Online Retail file (shared/data/online_retail.csv.gz, see DATASETS.md).
 * Not exported from the package: the library itself does no I/O.
 *
 * Lines without a CustomerID are dropped. Invoices starting with "C" are cancellations and lines with
 * a negative quantity are returns: both become `isReturn = 1`. The file has no product categories,
 * so `item` (StockCode) is given and category breadth counts distinct SKUs. InvoiceDate has no time
 * zone (UK local time); it is read as UTC, which keeps day arithmetic exact and is all features need.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { parse } from 'csv-parse/sync';
import type { TransactionColumns } from '../features/inputs';

// Per-line code reads these locals, not the globals: global lookups are ~50x slower inside Jest's VM context.
const toNumber = Number;
const utc = Date.UTC;
const isNaNumber = Number.isNaN;

export interface OnlineRetailData {
  /** CustomerID of each customer index, ascending. */
  customerIds: Int32Array;
  /** One entry per line with a CustomerID. */
  transactions: TransactionColumns & { item: Int32Array; quantity: Float64Array };
  unitPrice: Float64Array;
  /** 1 when the invoice number starts with "C". */
  isCancellation: Uint8Array;
  invoiceNames: string[];
  stockCodes: string[];
  totalLines: number;
  linesWithoutCustomer: number;
}

export function onlineRetailPath(): string {
  const dir = process.env.RETAIN_DATA_DIR ?? path.resolve(__dirname, '../../../../../shared/data');
  return path.join(dir, 'online_retail.csv.gz');
}

const COLUMNS = ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'];

export function loadOnlineRetail(file = onlineRetailPath()): OnlineRetailData {
  const text = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8');
  const records = parseRecords(text);
  const header = records.shift();
  if (header?.join(',') !== COLUMNS.join(',')) throw new Error(`unexpected header in ${file}: ${header?.join(',')}`);

  const kept = records.filter((r) => r[6] !== '');
  const customerIds = Int32Array.from(new Set(kept.map((r) => toNumber(r[6])))).sort();
  const indexOf = new Map<number, number>();
  customerIds.forEach((id, index) => indexOf.set(id, index));
  const invoiceIds = new Map<string, number>();
  const stockIds = new Map<string, number>();
  const n = kept.length;
  const columns = {
    customerIndex: new Int32Array(n),
    time: new Float64Array(n),
    amount: new Float64Array(n),
    invoice: new Int32Array(n),
    isReturn: new Uint8Array(n),
    item: new Int32Array(n),
    quantity: new Float64Array(n),
  };
  const unitPrice = new Float64Array(n);
  const isCancellation = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const [invoiceNo, stockCode, , quantityText, date, priceText, customerText] = kept[i];
    const quantity = toNumber(quantityText);
    const price = toNumber(priceText);
    columns.customerIndex[i] = indexOf.get(toNumber(customerText)) as number;
    columns.time[i] = parseIsoLocal(date);
    columns.quantity[i] = quantity;
    columns.amount[i] = quantity * price;
    columns.invoice[i] = intern(invoiceIds, invoiceNo);
    columns.item[i] = intern(stockIds, stockCode);
    isCancellation[i] = invoiceNo.startsWith('C') ? 1 : 0;
    columns.isReturn[i] = isCancellation[i] || quantity < 0 ? 1 : 0;
    unitPrice[i] = price;
  }
  return {
    customerIds,
    transactions: columns,
    unitPrice,
    isCancellation,
    invoiceNames: [...invoiceIds.keys()],
    stockCodes: [...stockIds.keys()],
    totalLines: records.length,
    linesWithoutCustomer: records.length - n,
  };
}

/**
 * csv-parse does the RFC-4180 work on every line that has a quote character; a line without one has
 * no quoting, so splitting it on commas is exact and about four times faster than csv-parse on the
 * whole 47 MB. If any line has an odd number of quotes (a field spanning lines) the whole text goes
 * through csv-parse instead.
 */
function parseRecords(text: string): string[][] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const quotedAt: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].includes('"')) continue;
    if ((lines[i].split('"').length - 1) % 2 === 1) return parse(text) as string[][];
    quotedAt.push(i);
  }
  const quoted = parse(quotedAt.map((i) => lines[i]).join('\n')) as string[][];
  const records: string[][] = lines.map((line) => line.split(','));
  quotedAt.forEach((lineIndex, k) => (records[lineIndex] = quoted[k]));
  return records;
}

function intern(ids: Map<string, number>, label: string): number {
  let id = ids.get(label);
  if (id === undefined) {
    id = ids.size;
    ids.set(label, id);
  }
  return id;
}

/** "YYYY-MM-DD HH:MM:SS" read as UTC. */
function parseIsoLocal(text: string): number {
  const t = utc(+text.slice(0, 4), +text.slice(5, 7) - 1, +text.slice(8, 10), +text.slice(11, 13), +text.slice(14, 16), +text.slice(17, 19));
  if (isNaNumber(t)) throw new Error(`bad InvoiceDate ${text}`);
  return t;
}

/** The lines of a valid purchase: not a cancellation, quantity > 0, unit price > 0. */
export function validPurchaseMask(data: OnlineRetailData): Uint8Array {
  const { quantity } = data.transactions;
  return data.isCancellation.map((cancelled, i) => (!cancelled && quantity[i] > 0 && data.unitPrice[i] > 0 ? 1 : 0));
}

/** The lines whose mask entry is 1, every column kept. */
export function selectLines(transactions: OnlineRetailData['transactions'], mask: Uint8Array): OnlineRetailData['transactions'] {
  const kept: number[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i] === 1) kept.push(i);
  const pick = <T extends Int32Array | Float64Array | Uint8Array>(column: T): T => {
    const out = new (column.constructor as new (n: number) => T)(kept.length);
    kept.forEach((i, j) => (out[j] = column[i]));
    return out;
  };
  return {
    customerIndex: pick(transactions.customerIndex),
    time: pick(transactions.time),
    amount: pick(transactions.amount),
    invoice: pick(transactions.invoice),
    isReturn: pick(transactions.isReturn),
    item: pick(transactions.item),
    quantity: pick(transactions.quantity),
  };
}
