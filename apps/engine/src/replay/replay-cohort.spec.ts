import { createRandom, DAY_MS, RFM_SEGMENTS, scoreRfm, computeCustomerFeatures } from '@retain/segmentation';
import type { CustomerData } from '../analytics/customer-data-loader';
import { CustomerIndex } from '../analytics/binary-records';
import { replayCohort } from './replay-cohort';

const CUTOFF = Date.parse('2011-09-09T00:00:00Z');
const START = Date.parse('2010-12-01T00:00:00Z');

interface Line {
  customer: number;
  time: number;
  amount: number;
}

/** 500 customers buying every few weeks from the start until a date of their own (some stop early: churn). */
function history(seed: number): Line[] {
  const random = createRandom(seed);
  const lines: Line[] = [];
  for (let customer = 0; customer < 500; customer++) {
    const gapDays = 7 + random.int(60);
    const stopAt = START + (60 + random.int(330)) * DAY_MS;
    for (let t = START + random.int(60) * DAY_MS; t < stopAt; t += gapDays * DAY_MS) lines.push({ customer, time: t + random.int(DAY_MS), amount: 5 + random.int(200) });
  }
  return lines;
}

function customerData(lines: readonly Line[]): CustomerData {
  const sorted = [...lines].sort((a, b) => a.customer - b.customer || a.time - b.time);
  const ids = Int32Array.from({ length: 500 }, (_, i) => 1000 + i);
  return {
    customers: new CustomerIndex(ids),
    signupTime: new Float64Array(500).fill(NaN),
    transactions: {
      customerIndex: Int32Array.from(sorted, (l) => l.customer),
      time: Float64Array.from(sorted, (l) => l.time),
      amount: Float64Array.from(sorted, (l) => l.amount),
      invoice: Int32Array.from(sorted, (_, i) => i),
      isReturn: new Uint8Array(sorted.length),
    },
    events: { customerIndex: new Int32Array(0), time: new Float64Array(0), nameId: new Int32Array(0), value: new Float64Array(0) },
    newestTransactionTime: Math.max(...sorted.map((l) => l.time)),
    hasData: new Uint8Array(500).fill(1),
  };
}

describe('replayCohort', () => {
  const options = { horizonDays: 90, seed: 42, segment: 'At Risk' as const };
  const base = history(7);

  it('takes the RFM segment as of the cutoff and labels the model on the horizon that ends at it', () => {
    const data = customerData(base);
    const cohort = replayCohort(data, CUTOFF, options);
    const features = computeCustomerFeatures(data.transactions, { cutoff: CUTOFF, customerCount: 500 });
    const rfm = scoreRfm({ recencyDays: features.columns.recencyDays, frequency: features.columns.frequency, monetary: features.columns.monetary, include: features.hasPurchase });
    const atRisk = RFM_SEGMENTS.indexOf('At Risk');
    expect(cohort.members).toEqual([...data.customers.ids].filter((_, c) => rfm.segment[c] === atRisk));
    expect(cohort.members.length).toBeGreaterThan(0);
    expect(cohort.dataWindow).toMatchObject({ cutoff: new Date(CUTOFF - 90 * DAY_MS).toISOString(), horizonEnd: new Date(CUTOFF).toISOString(), scoredAsOf: new Date(CUTOFF).toISOString() });
    expect(cohort.scored.customerIds.length).toBe(features.hasPurchase.reduce((a, b) => a + b, 0));
  });

  it('does not change when transactions after the cutoff change (no leakage into cohort, model or scores)', () => {
    const before = replayCohort(customerData(base), CUTOFF, options);
    // every customer buys a lot right after the cutoff, and the late ones vanish
    const later = [...base.filter((l) => l.time < CUTOFF + 40 * DAY_MS), ...Array.from({ length: 500 }, (_, customer) => ({ customer, time: CUTOFF + (1 + (customer % 20)) * DAY_MS, amount: 999 }))];
    const after = replayCohort(customerData(later), CUTOFF, options);
    expect(after.members).toEqual(before.members);
    expect(after.scored.customerIds).toEqual(before.scored.customerIds);
    expect(after.scored.scores).toEqual(before.scored.scores);
    expect(after.model.metrics.rocAuc).toBe(before.model.metrics.rocAuc);
  });
});
