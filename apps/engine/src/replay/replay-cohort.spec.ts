import { createRandom, DAY_MS, RFM_SEGMENTS, scoreRfm, computeCustomerFeatures } from '@retain/segmentation';
import type { CustomerData } from '../analytics/customer-data-loader';
import { CustomerIndex } from '../analytics/binary-records';
import { replayCohort, WEEK_MS } from './replay-cohort';

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
  const segments = ['At Risk', 'Hibernating', 'Need Attention'] as const;
  const options = { horizonDays: 90, seed: 42, segments, flagMin: 0.7, daysAfterEntry: 10 };
  const base = history(7);
  const rfmMembers = (data: CustomerData, at: number) => {
    const features = computeCustomerFeatures(data.transactions, { cutoff: at, customerCount: 500 });
    const rfm = scoreRfm({ recencyDays: features.columns.recencyDays, frequency: features.columns.frequency, monetary: features.columns.monetary, include: features.hasPurchase });
    const wanted = segments.map((name) => RFM_SEGMENTS.indexOf(name));
    return { ids: [...data.customers.ids].filter((_, c) => wanted.includes(rfm.segment[c])), buyers: features.hasPurchase.reduce((a, b) => a + b, 0) };
  };

  it('takes the RFM segments as of the cutoff, then each week those who entered them, and labels the model on the horizon that ends at the cutoff', () => {
    const data = customerData(base);
    const cohort = replayCohort(data, CUTOFF, options);
    const first = rfmMembers(data, CUTOFF);
    expect(cohort.members).toEqual(first.ids);
    expect(cohort.members.length).toBeGreaterThan(0);
    expect(cohort.dataWindow).toMatchObject({ cutoff: new Date(CUTOFF - 90 * DAY_MS).toISOString(), horizonEnd: new Date(CUTOFF).toISOString(), scoredAsOf: new Date(CUTOFF).toISOString() });
    expect(cohort.scored.customerIds.length).toBe(first.buyers);

    // weeks from the cutoff to the newest transaction; the second week's entrants are the new members
    expect(cohort.weeks.map((w) => w.at)).toEqual(Array.from({ length: Math.floor((data.newestTransactionTime - CUTOFF) / WEEK_MS) + 1 }, (_, k) => CUTOFF + k * WEEK_MS));
    const second = rfmMembers(data, CUTOFF + WEEK_MS);
    expect(cohort.weeks[1].entrants).toEqual(second.ids.filter((id) => !first.ids.includes(id)));
    // no entrants in weeks that leave less than daysAfterEntry of data
    for (const week of cohort.weeks) if (week.at > data.newestTransactionTime - 10 * DAY_MS) expect(week.entrants).toEqual([]);

    // flags: the first week flags everyone at or above flagMin; later weeks who crossed it either way
    const risky = (w: number) => new Set(Array.from(cohort.weeks[w].scored.customerIds).filter((_, i) => cohort.weeks[w].scored.scores[i] >= 0.7));
    expect(new Set(cohort.weeks[0].flagged.entered)).toEqual(risky(0));
    expect(cohort.weeks[0].flagged.entered.length).toBeGreaterThan(0);
    expect(new Set(cohort.weeks[1].flagged.entered)).toEqual(new Set([...risky(1)].filter((id) => !risky(0).has(id))));
    expect(new Set(cohort.weeks[1].flagged.exited)).toEqual(new Set([...risky(0)].filter((id) => !risky(1).has(id))));
  });

  it('does not change a week when transactions after it change (no leakage into cohort, model or scores)', () => {
    const before = replayCohort(customerData(base), CUTOFF, options);
    // every customer buys a lot from 40 days after the cutoff, and the late ones vanish
    const later = [...base.filter((l) => l.time < CUTOFF + 40 * DAY_MS), ...Array.from({ length: 500 }, (_, customer) => ({ customer, time: CUTOFF + (40 + (customer % 20)) * DAY_MS, amount: 999 }))];
    const after = replayCohort(customerData(later), CUTOFF, options);
    expect(after.model.metrics.rocAuc).toBe(before.model.metrics.rocAuc);
    const untouched = before.weeks.filter((w) => w.at <= CUTOFF + 40 * DAY_MS);
    expect(untouched.length).toBe(6);
    for (const [k, week] of untouched.entries()) {
      expect(after.weeks[k].entrants).toEqual(week.entrants);
      expect(after.weeks[k].flagged).toEqual(week.flagged);
      expect(after.weeks[k].scored.customerIds).toEqual(week.scored.customerIds);
      expect(after.weeks[k].scored.scores).toEqual(week.scored.scores);
    }
  });
});
