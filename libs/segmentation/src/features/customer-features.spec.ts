import { computeCustomerFeatures, CUSTOMER_FEATURE_NAMES } from './customer-features';
import { churnLabelsFromTransactions } from './churn-labels';
import { DAY_MS, EventColumns, TransactionColumns } from './inputs';

const CUTOFF = Date.UTC(2024, 6, 1);
const daysBefore = (days: number) => CUTOFF - days * DAY_MS;

interface Line {
  customer: number;
  days: number; // days before the cutoff (negative = after)
  amount: number;
  invoice: number;
  category?: number;
  ret?: boolean;
  quantity?: number;
}

function columns(lines: Line[]): TransactionColumns {
  return {
    customerIndex: Int32Array.from(lines.map((l) => l.customer)),
    time: Float64Array.from(lines.map((l) => daysBefore(l.days))),
    amount: Float64Array.from(lines.map((l) => l.amount)),
    invoice: Int32Array.from(lines.map((l) => l.invoice)),
    category: Int32Array.from(lines.map((l) => l.category ?? -1)),
    isReturn: Uint8Array.from(lines.map((l) => (l.ret ? 1 : 0))),
    quantity: Float64Array.from(lines.map((l) => l.quantity ?? 1)),
  };
}

const BASE: Line[] = [
  // customer 0: three orders, one of two lines, a return, spend falling
  { customer: 0, days: 150, amount: 100, invoice: 0, category: 1, quantity: 4 },
  { customer: 0, days: 150, amount: 50, invoice: 0, category: 2, quantity: 1 },
  { customer: 0, days: 120, amount: 50, invoice: 1, category: 1, quantity: 5 },
  { customer: 0, days: 30, amount: 50, invoice: 2, category: 3 },
  { customer: 0, days: 29, amount: -25, invoice: 3, ret: true, quantity: -4 },
  // customer 1: one order, long ago
  { customer: 1, days: 400, amount: 80, invoice: 4, category: 1 },
  // customer 2: nothing before the cutoff (only a return)
  { customer: 2, days: 10, amount: -5, invoice: 5, ret: true },
];

describe('computeCustomerFeatures', () => {
  const events: EventColumns = {
    customerIndex: Int32Array.from([0, 0, 0, 0, 0, 0, 1, 0]),
    time: Float64Array.from([daysBefore(10), daysBefore(100), daysBefore(20), daysBefore(5), daysBefore(40), daysBefore(40), daysBefore(3), daysBefore(1)]),
    nameId: Int32Array.from([0, 0, 1, 1, 2, 3, 1, 0]),
    value: Float64Array.from([NaN, NaN, 2, 4, NaN, NaN, 5, NaN]),
  };
  const eventNames = { supportContact: [0], satisfaction: [1], emailDelivered: [2], emailOpened: [3], emailClicked: [4] };
  const signupTime = Float64Array.from([NaN, NaN, daysBefore(60), NaN]);
  const features = computeCustomerFeatures(columns(BASE), { cutoff: CUTOFF, customerCount: 4, events, eventNames, signupTime });
  const f = features.columns;

  it('computes recency, frequency, monetary and tenure from purchases before the cutoff', () => {
    expect(Array.from(f.recencyDays)).toEqual([30, 400, 60, 365]);
    expect(Array.from(f.frequency)).toEqual([3, 1, 0, 0]);
    expect(Array.from(f.monetary)).toEqual([250 - 25, 80, -5, 0]);
    expect(Array.from(f.tenureDays)).toEqual([150, 400, 60, 365]);
    expect(Array.from(features.hasPurchase)).toEqual([1, 1, 0, 0]);
  });

  it('computes order value, order gaps, trend, breadth and return rate', () => {
    expect(f.averageOrderValue[0]).toBeCloseTo(250 / 3);
    expect(f.daysBetweenOrders[0]).toBeCloseTo(60); // (150 - 30) / 2
    expect(f.daysBetweenOrders[1]).toBe(400);
    // last 90 days: 50; the 90 before: 150 + 50 = 200 -> (50 - 200) / 250
    expect(f.spendLastWindow[0]).toBe(50);
    expect(f.spendPreviousWindow[0]).toBe(200);
    expect(f.purchaseTrend[0]).toBeCloseTo(-0.6);
    expect(f.purchaseTrend[1]).toBe(0);
    expect(Array.from(f.categoryBreadth)).toEqual([3, 1, 0, 0]);
    expect(f.returnRate[0]).toBeCloseTo(4 / 11);
    expect(features.breadthSource).toBe('category');
  });

  it('counts support contacts in the window, keeps the latest satisfaction and email engagement', () => {
    expect(Array.from(f.supportContacts)).toEqual([2, 0, 0, 0]); // the one 100 days ago is outside 90
    expect(f.satisfaction[0]).toBe(4);
    expect(f.satisfaction[1]).toBe(5);
    expect(Array.from(features.hasSatisfaction)).toEqual([1, 1, 0, 0]);
    expect(f.satisfaction[2]).toBe(4.5); // median of the known ones
    expect(f.emailEngagement[0]).toBe(1);
    expect(f.emailEngagement[3]).toBe(1);
    expect(Array.from(features.hasEmail)).toEqual([1, 0, 0, 0]);
  });

  it('never yields NaN, for customers without any data', () => {
    for (const name of CUSTOMER_FEATURE_NAMES) for (const value of f[name]) expect(Number.isFinite(value)).toBe(true);
    const empty = computeCustomerFeatures(columns([]), { cutoff: CUTOFF, customerCount: 2 });
    for (const name of CUSTOMER_FEATURE_NAMES) for (const value of empty.columns[name]) expect(Number.isFinite(value)).toBe(true);
  });

  it('is not changed by anything at or after the cutoff (no leakage)', () => {
    const later: Line[] = [
      { customer: 0, days: 0, amount: 999, invoice: 10, category: 9 }, // exactly at the cutoff
      { customer: 0, days: -1, amount: 500, invoice: 11, category: 8 },
      { customer: 1, days: -30, amount: -80, invoice: 12, ret: true },
      { customer: 3, days: -5, amount: 40, invoice: 13, category: 1 },
    ];
    const laterEvents: EventColumns = {
      customerIndex: Int32Array.from([...events.customerIndex, 0, 1]),
      time: Float64Array.from([...events.time, CUTOFF, daysBefore(-2)]),
      nameId: Int32Array.from([...events.nameId, 0, 1]),
      value: Float64Array.from([...events.value, NaN, 1]),
    };
    // Shuffle the later lines in between, so order cannot matter either.
    const mixed = [later[0], ...BASE.slice(0, 3), later[1], later[2], ...BASE.slice(3), later[3]];
    const withFuture = computeCustomerFeatures(columns(mixed), { cutoff: CUTOFF, customerCount: 4, events: laterEvents, eventNames, signupTime });
    for (const name of CUSTOMER_FEATURE_NAMES) expect(Array.from(withFuture.columns[name])).toEqual(Array.from(f[name]));
    expect(withFuture.hasPurchase).toEqual(features.hasPurchase);
  });

  it('checks its inputs', () => {
    const bad = columns(BASE);
    bad.customerIndex[0] = 7;
    expect(() => computeCustomerFeatures(bad, { cutoff: CUTOFF, customerCount: 4 })).toThrow('transactions.customerIndex[0] is 7, outside 0..3');
    expect(() => computeCustomerFeatures(columns(BASE), { cutoff: NaN, customerCount: 4 })).toThrow('cutoff must be a finite time');
    const short = { ...columns(BASE), amount: new Float64Array(2) };
    expect(() => computeCustomerFeatures(short, { cutoff: CUTOFF, customerCount: 4 })).toThrow('transactions.amount has 2 entries');
  });
});

describe('churnLabelsFromTransactions', () => {
  it('labels eligible customers by a purchase inside the horizon after the cutoff', () => {
    const lines: Line[] = [
      { customer: 0, days: 10, amount: 10, invoice: 0 },
      { customer: 0, days: -30, amount: 10, invoice: 1 }, // bought again: retained
      { customer: 1, days: 10, amount: 10, invoice: 2 },
      { customer: 1, days: -95, amount: 10, invoice: 3 }, // only after the horizon: churned
      { customer: 2, days: 10, amount: 10, invoice: 4 },
      { customer: 2, days: -20, amount: -10, invoice: 5, ret: true }, // a return is no purchase: churned
      { customer: 3, days: -5, amount: 10, invoice: 6 }, // new after the cutoff: not eligible
    ];
    const labels = churnLabelsFromTransactions(columns(lines), { cutoff: CUTOFF, customerCount: 4 });
    expect(Array.from(labels.eligible)).toEqual([1, 1, 1, 0]);
    expect(Array.from(labels.churned)).toEqual([0, 1, 1, 0]);
    expect(labels.churnRate).toBeCloseTo(2 / 3);
  });

  it('refuses a horizon the data does not cover', () => {
    const lines: Line[] = [{ customer: 0, days: 10, amount: 10, invoice: 0 }];
    expect(() => churnLabelsFromTransactions(columns(lines), { cutoff: CUTOFF, customerCount: 1 })).toThrow(/before the 90-day horizon ends/);
    expect(churnLabelsFromTransactions(columns(lines), { cutoff: CUTOFF, customerCount: 1, allowIncompleteHorizon: true }).churnRate).toBe(1);
  });
});
