import type { TransactionColumns } from '@retain/segmentation';
import { type CustomerIndex, DenseIds, float64Column, int32Column, uint8Column } from './binary-records';
import type { CopyRow } from './copy-binary';

const RETURN = 1;
const HAS_ITEM = 2;
const HAS_QUANTITY = 4;

/**
 * The transaction lines of one COPY stream, as they arrive. Invoice and SKU hashes stay hashes:
 * dense ids are given when the streams are joined, in stream order, so two streams parsed
 * interleaved give the columns one stream would.
 */
export class TransactionLinesPart {
  /** The COPY's columns: customer | time | amount | invoice hash | sku hash (NULL: no item) | quantity (NULL: none) | return or cancellation. */
  static readonly FIELDS = 7;
  private readonly customerIndex;
  private readonly time;
  private readonly amount;
  private readonly invoiceHash;
  private readonly itemHash;
  private readonly quantity;
  private readonly flags;

  constructor(private readonly customers: CustomerIndex, capacity: number) {
    this.customerIndex = int32Column(capacity);
    this.time = float64Column(capacity);
    this.amount = float64Column(capacity);
    this.invoiceHash = int32Column(capacity);
    this.itemHash = int32Column(capacity);
    this.quantity = float64Column(capacity);
    this.flags = uint8Column(capacity);
  }

  get length(): number {
    return this.time.length;
  }

  readonly take = (row: CopyRow): void => {
    const c = this.customers.indexOf(row.int32(0));
    if (c < 0) return; // a customer created after the customer read: next refresh
    const hasItem = !row.isNull(4);
    const hasQuantity = !row.isNull(5);
    this.customerIndex.push(c);
    this.time.push(row.timeMs(1));
    this.amount.push(row.float64(2));
    this.invoiceHash.push(row.int32(3));
    this.itemHash.push(hasItem ? row.int32(4) : 0);
    this.quantity.push(hasQuantity ? row.float64(5) : 0);
    this.flags.push((row.boolean(6) ? RETURN : 0) | (hasItem ? HAS_ITEM : 0) | (hasQuantity ? HAS_QUANTITY : 0));
  };

  /** One part's columns, for joinTransactionLines. */
  views() {
    return {
      customerIndex: this.customerIndex.view(),
      time: this.time.view(),
      amount: this.amount.view(),
      invoiceHash: this.invoiceHash.view(),
      itemHash: this.itemHash.view(),
      quantity: this.quantity.view(),
      flags: this.flags.view(),
    };
  }
}

/** The parts' lines one after the other, with dense invoice and item ids in that order. */
export function joinTransactionLines(parts: readonly TransactionLinesPart[]): { transactions: TransactionColumns; newestTransactionTime: number } {
  const n = parts.reduce((sum, part) => sum + part.length, 0);
  const customerIndex = new Int32Array(n);
  const time = new Float64Array(n);
  const amount = new Float64Array(n);
  const quantity = new Float64Array(n);
  const invoice = new Int32Array(n);
  const item = new Int32Array(n);
  const isReturn = new Uint8Array(n);
  // an order has a line or more: sized for half as many orders as lines, the table rarely grows
  const invoiceIds = new DenseIds(n / 2);
  const itemIds = new DenseIds();
  let anyItem = false;
  let anyQuantity = false;
  let newest = -Infinity;
  let at = 0;
  for (const part of parts) {
    const view = part.views();
    customerIndex.set(view.customerIndex, at);
    time.set(view.time, at);
    amount.set(view.amount, at);
    quantity.set(view.quantity, at);
    for (let i = 0; i < view.flags.length; i++, at++) {
      const flags = view.flags[i];
      const t = view.time[i];
      if (t > newest) newest = t;
      invoice[at] = invoiceIds.idFor(view.invoiceHash[i]);
      if (flags & HAS_ITEM) {
        item[at] = itemIds.idFor(view.itemHash[i]);
        anyItem = true;
      } else {
        item[at] = -1;
      }
      if (flags & HAS_QUANTITY) anyQuantity = true;
      isReturn[at] = flags & RETURN;
    }
  }
  const transactions: TransactionColumns = {
    customerIndex, time, amount, invoice, isReturn,
    ...(anyItem ? { item } : {}),
    ...(anyQuantity ? { quantity } : {}),
  };
  return { transactions, newestTransactionTime: Number.isFinite(newest) ? newest : NaN };
}
