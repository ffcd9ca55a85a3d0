// Real data: features as of 2011-09-09 and 90-day churn labels on the UCI Online Retail transactions.
import { explainChurnRisk, typicalValues } from '../explanations/explain-churn-risk';
import { loadOnlineRetail, OnlineRetailData, selectLines } from '../testing/online-retail';
import { churnLabelsFromTransactions } from './churn-labels';
import { computeCustomerFeatures, CUSTOMER_FEATURE_NAMES, CustomerFeatures } from './customer-features';

const CUTOFF = Date.UTC(2011, 8, 9);

describe('Online Retail features at 2011-09-09 and 90-day churn labels', () => {
  let data: OnlineRetailData;
  let features: CustomerFeatures;
  beforeAll(() => {
    data = loadOnlineRetail();
    features = computeCustomerFeatures(data.transactions, { cutoff: CUTOFF, customerCount: data.customerIds.length });
  }, 60_000);

  it('labels customers who bought before the cutoff by a purchase in the next 90 days', () => {
    const labels = churnLabelsFromTransactions(data.transactions, { cutoff: CUTOFF, customerCount: data.customerIds.length, horizonDays: 90 });
    console.log(`Online Retail churn at 2011-09-09, 90-day horizon: ${labels.churnedCount} of ${labels.eligibleCount} eligible customers churned (${(labels.churnRate * 100).toFixed(2)} %)`);
    // Eligible = at least one non-return line with a CustomerID before the cutoff.
    expect(labels.eligibleCount).toBe(3_362);
    expect(labels.churnedCount).toBe(1_456);
    expect(labels.churnRate).toBeCloseTo(0.4331, 4);
    expect(labels.eligible).toEqual(features.hasPurchase);
  });

  it('gives every customer a finite value for every feature, with SKUs as breadth', () => {
    expect(features.breadthSource).toBe('item');
    const notFinite = CUSTOMER_FEATURE_NAMES.filter((name) => features.columns[name].some((value) => !Number.isFinite(value)));
    expect(notFinite).toEqual([]);
    // Returns are netted off: some customers returned goods bought before the data starts.
    expect(features.columns.returnRate.some((r) => r > 0)).toBe(true);
  });

  it('is not moved by anything after the cutoff: features from the lines before it alone are identical', () => {
    const beforeCutoff = data.transactions.time.map((t) => (t < CUTOFF ? 1 : 0));
    const truncated = selectLines(data.transactions, Uint8Array.from(beforeCutoff));
    expect(truncated.time.length).toBeLessThan(data.transactions.time.length);
    const alone = computeCustomerFeatures(truncated, { cutoff: CUTOFF, customerCount: data.customerIds.length });
    for (const name of CUSTOMER_FEATURE_NAMES) expect(alone.columns[name]).toEqual(features.columns[name]);
  });

  it('explains a churned customer against retained customers in words', () => {
    const labels = churnLabelsFromTransactions(data.transactions, { cutoff: CUTOFF, customerCount: data.customerIds.length });
    const retained = labels.eligible.map((e, c) => (e && !labels.churned[c] ? 1 : 0));
    const typical = typicalValues(features.columns, retained);
    const customer = data.customerIds.indexOf(12_346); // one order of 74,215 units, all returned the same day
    const values = Object.fromEntries(CUSTOMER_FEATURE_NAMES.map((name) => [name, features.columns[name][customer]]));
    const reasons = explainChurnRisk(values, typical, [
      { feature: 'recencyDays', importance: 0.5, direction: 1 },
      { feature: 'frequency', importance: 0.3, direction: -1 },
      { feature: 'returnRate', importance: 0.2, direction: 1 },
    ], { currency: '£' });
    console.log(`Reasons for customer 12346: ${reasons.map((r) => r.text).join(' | ')}`);
    expect(labels.churned[customer]).toBe(1);
    expect(reasons.map((r) => r.feature)).toEqual(['returnRate', 'recencyDays', 'frequency']);
    expect(reasons[0].text).toBe('returned 100 % of items; typical customers 0 %');
  });
});
