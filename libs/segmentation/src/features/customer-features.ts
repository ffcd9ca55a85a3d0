import { median } from './column-stats';
import { groupLinesByCustomer } from './group-by-customer';
import { checkEvents, checkTransactions, DAY_MS, EventColumns, EventNameIds, idRange, TransactionColumns } from './inputs';

// Hot loops read these locals, not the globals: global lookups are ~50x slower inside Jest's VM context.
const abs = Math.abs;
const INFINITY = Infinity;


/**
 * Per-customer features as of a cutoff. Only lines and events strictly before the cutoff count.
 * Every feature has a defined value for every customer (never NaN):
 *
 * | feature | definition | customer without data |
 * |---|---|---|
 * | recencyDays | days from the last purchase to the cutoff | days since signup if known, else `noHistoryDays` (365) |
 * | frequency | distinct invoices with at least one purchase line (returns/cancellations do not count) | 0 |
 * | monetary | purchase amounts minus the size of return amounts (net revenue; negative when a customer returns goods bought before the data starts) | 0 |
 * | tenureDays | days from the first purchase or signup (the earlier) to the cutoff | `noHistoryDays` without either |
 * | averageOrderValue | purchase amount / frequency (gross: returns are counted in returnRate) | 0 |
 * | daysBetweenOrders | (last − first purchase) / (frequency − 1) | with one order: days since it (a lower bound); none: as recencyDays |
 * | purchaseTrend | (last − previous) / (last + previous), purchase spend in [cutoff − W, cutoff) against [cutoff − 2W, cutoff − W), W = trendWindowDays (90); −1 = stopped, +1 = new | 0 when both windows are empty |
 * | spendLastWindow, spendPreviousWindow | the two purchase sums behind purchaseTrend | 0 |
 * | categoryBreadth | distinct categories (≥ 0) bought; without a category column distinct items (SKUs) — see `breadthSource` | 0 |
 * | returnRate | returned units / purchased units (lines when there is no quantity column), capped at 1 | 0 |
 * | supportContacts | support-contact events in the last `supportWindowDays` (90) | 0 |
 * | satisfaction | value of the latest satisfaction (CSAT/NPS) event | median of the customers who have one (0 if none has); `hasSatisfaction` says who |
 * | emailEngagement | (opens + clicks) / delivered over all emails before the cutoff (can exceed 1 when a mail is opened and clicked) | median of the customers with deliveries (0 if none); `hasEmail` says who |
 */
export const CUSTOMER_FEATURE_NAMES = [
  'recencyDays',
  'frequency',
  'monetary',
  'tenureDays',
  'averageOrderValue',
  'daysBetweenOrders',
  'purchaseTrend',
  'spendLastWindow',
  'spendPreviousWindow',
  'categoryBreadth',
  'returnRate',
  'supportContacts',
  'satisfaction',
  'emailEngagement',
] as const;

export type CustomerFeatureName = (typeof CUSTOMER_FEATURE_NAMES)[number];

export interface CustomerFeatureOptions {
  /** Features are computed as of this instant (ms since the epoch or a Date); data at or after it is ignored. */
  cutoff: number | Date;
  customerCount: number;
  /** Signup time per customer in ms, NaN when unknown. */
  signupTime?: Float64Array;
  events?: EventColumns;
  eventNames?: EventNameIds;
  /** Length of each of the two purchase-trend windows. Default 90. */
  trendWindowDays?: number;
  /** Support contacts are counted over this many days before the cutoff. Default 90. */
  supportWindowDays?: number;
  /** Recency and tenure of a customer with neither purchases nor a signup time. Default 365. */
  noHistoryDays?: number;
}

export interface CustomerFeatures {
  cutoff: number;
  customerCount: number;
  trendWindowDays: number;
  supportWindowDays: number;
  columns: Record<CustomerFeatureName, Float64Array>;
  /** 1 when the customer bought something before the cutoff. */
  hasPurchase: Uint8Array;
  hasSatisfaction: Uint8Array;
  hasEmail: Uint8Array;
  /** What categoryBreadth counts. */
  breadthSource: 'category' | 'item' | 'none';
}

const EVENT_SUPPORT = 1;
const EVENT_SATISFACTION = 2;
const EVENT_DELIVERED = 3;
const EVENT_OPENED = 4;
const EVENT_CLICKED = 5;

export function computeCustomerFeatures(transactions: TransactionColumns, options: CustomerFeatureOptions): CustomerFeatures {
  const cutoff = options.cutoff instanceof Date ? options.cutoff.getTime() : options.cutoff;
  const customerCount = options.customerCount;
  const trendWindowDays = options.trendWindowDays ?? 90;
  const supportWindowDays = options.supportWindowDays ?? 90;
  const noHistoryDays = options.noHistoryDays ?? 365;
  if (!Number.isFinite(cutoff)) throw new RangeError(`cutoff must be a finite time, got ${options.cutoff}`);
  if (!(trendWindowDays > 0)) throw new RangeError(`trendWindowDays must be positive, got ${trendWindowDays}`);
  if (!(supportWindowDays > 0)) throw new RangeError(`supportWindowDays must be positive, got ${supportWindowDays}`);
  checkTransactions(transactions, customerCount);
  if (options.signupTime && options.signupTime.length !== customerCount) throw new RangeError(`signupTime has ${options.signupTime.length} entries, customerCount is ${customerCount}`);
  if (options.events) checkEvents(options.events, customerCount);

  const columns = Object.fromEntries(CUSTOMER_FEATURE_NAMES.map((name) => [name, new Float64Array(customerCount)])) as Record<CustomerFeatureName, Float64Array>;
  const hasPurchase = new Uint8Array(customerCount);
  const breadthIds = transactions.category ?? transactions.item;
  const breadthSource = transactions.category ? 'category' : transactions.item ? 'item' : 'none';

  const { start, order } = groupLinesByCustomer(transactions.customerIndex, transactions.time, customerCount, cutoff);
  // "Last customer that counted this id": distinct counts without a set per customer.
  const invoiceSeenBy = new Int32Array(idRange(transactions.invoice)).fill(-1);
  const breadthSeenBy = new Int32Array(breadthIds ? idRange(breadthIds) : 0).fill(-1);
  const window = trendWindowDays * DAY_MS;
  const { time, amount, invoice, isReturn, quantity } = transactions;

  for (let c = 0; c < customerCount; c++) {
    let orders = 0;
    let gross = 0;
    let returned = 0;
    let first = INFINITY;
    let last = -INFINITY;
    let spendLast = 0;
    let spendPrevious = 0;
    let unitsBought = 0;
    let unitsReturned = 0;
    let breadth = 0;
    for (let p = start[c]; p < start[c + 1]; p++) {
      const i = order[p];
      const units = quantity ? abs(quantity[i]) : 1;
      if (isReturn[i]) {
        returned += abs(amount[i]);
        unitsReturned += units;
        continue;
      }
      const t = time[i];
      if (invoiceSeenBy[invoice[i]] !== c) {
        invoiceSeenBy[invoice[i]] = c;
        orders++;
      }
      gross += amount[i];
      unitsBought += units;
      if (t < first) first = t;
      if (t > last) last = t;
      if (t >= cutoff - window) spendLast += amount[i];
      else if (t >= cutoff - 2 * window) spendPrevious += amount[i];
      if (breadthIds) {
        const b = breadthIds[i];
        if (b >= 0 && breadthSeenBy[b] !== c) {
          breadthSeenBy[b] = c;
          breadth++;
        }
      }
    }
    const signup = options.signupTime ? options.signupTime[c] : NaN;
    const since = Number.isFinite(signup) && signup < cutoff ? (cutoff - signup) / DAY_MS : NaN;
    const bought = orders > 0;
    hasPurchase[c] = bought ? 1 : 0;
    const recency = bought ? (cutoff - last) / DAY_MS : Number.isNaN(since) ? noHistoryDays : since;
    columns.recencyDays[c] = recency;
    columns.frequency[c] = orders;
    columns.monetary[c] = gross - returned;
    const sinceFirst = bought ? (cutoff - first) / DAY_MS : NaN;
    columns.tenureDays[c] = Number.isNaN(sinceFirst) && Number.isNaN(since) ? noHistoryDays : Math.max(Number.isNaN(sinceFirst) ? 0 : sinceFirst, Number.isNaN(since) ? 0 : since);
    columns.averageOrderValue[c] = bought ? gross / orders : 0;
    columns.daysBetweenOrders[c] = orders >= 2 ? (last - first) / DAY_MS / (orders - 1) : bought ? sinceFirst : recency;
    columns.spendLastWindow[c] = spendLast;
    columns.spendPreviousWindow[c] = spendPrevious;
    const both = spendLast + spendPrevious;
    columns.purchaseTrend[c] = both > 0 ? Math.max(-1, Math.min(1, (spendLast - spendPrevious) / both)) : 0;
    columns.categoryBreadth[c] = breadth;
    columns.returnRate[c] = unitsBought > 0 ? Math.min(1, unitsReturned / unitsBought) : 0;
  }

  const { hasSatisfaction, hasEmail } = addEventFeatures(columns, cutoff, customerCount, supportWindowDays, options.events, options.eventNames);
  return { cutoff, customerCount, trendWindowDays, supportWindowDays, columns, hasPurchase, hasSatisfaction, hasEmail, breadthSource };
}

/** One pass over the events: support load, latest satisfaction, email engagement. */
function addEventFeatures(
  columns: Record<CustomerFeatureName, Float64Array>,
  cutoff: number,
  customerCount: number,
  supportWindowDays: number,
  events: EventColumns | undefined,
  names: EventNameIds | undefined,
): { hasSatisfaction: Uint8Array; hasEmail: Uint8Array } {
  const hasSatisfaction = new Uint8Array(customerCount);
  const hasEmail = new Uint8Array(customerCount);
  if (events && names) {
    const kindOf = eventKinds(events.nameId, names);
    const satisfactionTime = new Float64Array(customerCount).fill(-Infinity);
    const delivered = new Float64Array(customerCount);
    const engaged = new Float64Array(customerCount);
    const supportFrom = cutoff - supportWindowDays * DAY_MS;
    for (let i = 0; i < events.customerIndex.length; i++) {
      const t = events.time[i];
      if (!(t < cutoff)) continue;
      const c = events.customerIndex[i];
      const nameId = events.nameId[i];
      switch (nameId >= 0 && nameId < kindOf.length ? kindOf[nameId] : 0) {
        case EVENT_SUPPORT:
          if (t >= supportFrom) columns.supportContacts[c]++;
          break;
        case EVENT_SATISFACTION:
          // Later answer wins; on equal times the later line does (input order is the tie-break).
          if (t >= satisfactionTime[c] && Number.isFinite(events.value[i])) {
            satisfactionTime[c] = t;
            columns.satisfaction[c] = events.value[i];
            hasSatisfaction[c] = 1;
          }
          break;
        case EVENT_DELIVERED:
          delivered[c]++;
          break;
        case EVENT_OPENED:
        case EVENT_CLICKED:
          engaged[c]++;
          break;
      }
    }
    for (let c = 0; c < customerCount; c++) {
      if (delivered[c] > 0) {
        hasEmail[c] = 1;
        columns.emailEngagement[c] = engaged[c] / delivered[c];
      }
    }
  }
  fillMissingWithMedian(columns.satisfaction, hasSatisfaction);
  fillMissingWithMedian(columns.emailEngagement, hasEmail);
  return { hasSatisfaction, hasEmail };
}

function eventKinds(nameIds: Int32Array, names: EventNameIds): Uint8Array {
  const lists: [readonly number[] | undefined, number][] = [
    [names.supportContact, EVENT_SUPPORT],
    [names.satisfaction, EVENT_SATISFACTION],
    [names.emailDelivered, EVENT_DELIVERED],
    [names.emailOpened, EVENT_OPENED],
    [names.emailClicked, EVENT_CLICKED],
  ];
  let size = idRange(nameIds);
  for (const [ids] of lists) for (const id of ids ?? []) size = Math.max(size, id + 1);
  const kindOf = new Uint8Array(size);
  for (const [ids, kind] of lists) {
    for (const id of ids ?? []) {
      if (!Number.isInteger(id) || id < 0) throw new RangeError(`event name ids must be non-negative integers, got ${id}`);
      if (kindOf[id] && kindOf[id] !== kind) throw new RangeError(`event name id ${id} is given two meanings`);
      kindOf[id] = kind;
    }
  }
  return kindOf;
}

/** Neutral imputation: a customer without the signal gets the typical (median) value of those with it. */
function fillMissingWithMedian(column: Float64Array, known: Uint8Array): void {
  const typical = median(column, known);
  const fill = Number.isNaN(typical) ? 0 : typical;
  for (let c = 0; c < column.length; c++) if (!known[c]) column[c] = fill;
}
