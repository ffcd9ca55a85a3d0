/**
 * Typed, column-oriented inputs for feature extraction. One entry per transaction line (or event);
 * columns instead of row objects so a million customers and tens of millions of lines fit in memory
 * and are read in tight loops.
 */

/** Transaction lines. All columns have the same length. */
export interface TransactionColumns {
  /** Customer of each line, 0..customerCount-1. */
  customerIndex: Int32Array;
  /** Time of each line in ms since the epoch. */
  time: Float64Array;
  /** Money of the line. Purchases are positive; a return's sign does not matter (its size is netted off). */
  amount: Float64Array;
  /** Order (invoice) id of each line, a dense non-negative integer (see `internLabels`). */
  invoice: Int32Array;
  /** 1 when the line is a return or cancellation, else 0. */
  isReturn: Uint8Array;
  /** Product category id, -1 for none. Optional: category breadth falls back to `item`. */
  category?: Int32Array;
  /** Product (SKU) id, -1 for none. Optional: used for breadth when there are no categories. */
  item?: Int32Array;
  /** Units on the line (its sign does not matter). Optional: without it return rate counts lines. */
  quantity?: Float64Array;
}

/** Behavioural events (support contacts, satisfaction answers, email activity). */
export interface EventColumns {
  customerIndex: Int32Array;
  /** Time in ms since the epoch. */
  time: Float64Array;
  /** Event name id (see `EventNameIds`). */
  nameId: Int32Array;
  /** The event's value (e.g. the CSAT or NPS score); NaN when the event has none. */
  value: Float64Array;
}

/** Which event name ids mean what. Any list may be empty or missing. */
export interface EventNameIds {
  supportContact?: readonly number[];
  /** CSAT / NPS answers: the latest one's `value` is the satisfaction score. */
  satisfaction?: readonly number[];
  emailDelivered?: readonly number[];
  emailOpened?: readonly number[];
  emailClicked?: readonly number[];
}

export const DAY_MS = 86_400_000;

// Per-line checks read this local, not the global: global lookups are ~50x slower inside Jest's VM context.
const isFiniteNumber = Number.isFinite;

export function checkTransactions(transactions: TransactionColumns, customerCount: number): void {
  if (!Number.isInteger(customerCount) || customerCount < 0) throw new RangeError(`customerCount must be a non-negative integer, got ${customerCount}`);
  const n = transactions.customerIndex.length;
  const columns: [string, ArrayLike<number> | undefined][] = [
    ['time', transactions.time],
    ['amount', transactions.amount],
    ['invoice', transactions.invoice],
    ['isReturn', transactions.isReturn],
    ['category', transactions.category],
    ['item', transactions.item],
    ['quantity', transactions.quantity],
  ];
  for (const [name, column] of columns) {
    if (column !== undefined && column.length !== n) throw new RangeError(`transactions.${name} has ${column.length} entries, customerIndex has ${n}`);
  }
  checkCustomerIndex('transactions', transactions.customerIndex, customerCount);
  for (let i = 0; i < n; i++) {
    if (transactions.invoice[i] < 0) throw new RangeError(`transactions.invoice[${i}] is ${transactions.invoice[i]}; invoice ids must be non-negative (use internLabels)`);
    if (!isFiniteNumber(transactions.time[i])) throw new RangeError(`transactions.time[${i}] is ${transactions.time[i]}; times must be finite ms since the epoch`);
    if (!isFiniteNumber(transactions.amount[i])) throw new RangeError(`transactions.amount[${i}] is ${transactions.amount[i]}; amounts must be finite`);
  }
}

export function checkEvents(events: EventColumns, customerCount: number): void {
  const n = events.customerIndex.length;
  for (const [name, column] of [['time', events.time], ['nameId', events.nameId], ['value', events.value]] as const) {
    if (column.length !== n) throw new RangeError(`events.${name} has ${column.length} entries, customerIndex has ${n}`);
  }
  checkCustomerIndex('events', events.customerIndex, customerCount);
}

function checkCustomerIndex(what: string, customerIndex: Int32Array, customerCount: number): void {
  for (let i = 0; i < customerIndex.length; i++) {
    const c = customerIndex[i];
    if (c < 0 || c >= customerCount) throw new RangeError(`${what}.customerIndex[${i}] is ${c}, outside 0..${customerCount - 1}`);
  }
}

/** Maps labels (invoice numbers, SKUs, customer ids) to dense ids 0..m-1 in first-seen order. */
export function internLabels(labels: readonly string[]): { ids: Int32Array; names: string[] } {
  const idOf = new Map<string, number>();
  const names: string[] = [];
  const ids = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    let id = idOf.get(labels[i]);
    if (id === undefined) {
      id = names.length;
      idOf.set(labels[i], id);
      names.push(labels[i]);
    }
    ids[i] = id;
  }
  return { ids, names };
}

/** Max of a column plus one (0 when empty): the size of a lookup table indexed by its ids. */
export function idRange(ids: Int32Array): number {
  let max = -1;
  for (let i = 0; i < ids.length; i++) if (ids[i] > max) max = ids[i];
  return max + 1;
}
