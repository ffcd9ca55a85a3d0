// Real data: RFM on the UCI Online Retail transactions (shared/data/online_retail.csv.gz).
import { computeCustomerFeatures } from '../features/customer-features';
import { loadOnlineRetail, OnlineRetailData, selectLines, validPurchaseMask } from '../testing/online-retail';
import { scoreRfm } from './score-rfm';
import { RFM_SEGMENTS } from './segments';

describe('RFM on Online Retail', () => {
  let data: OnlineRetailData;
  beforeAll(() => {
    data = loadOnlineRetail();
  }, 30_000);

  it('reads the published shape of the file', () => {
    expect(data.totalLines).toBe(541_909);
    expect(data.linesWithoutCustomer).toBe(135_080);
    expect(data.customerIds.length).toBe(4_372);
  });

  it('finds 4,338 customers with valid purchases: a CustomerID, no C-invoice, quantity > 0 and unit price > 0', () => {
    const valid = validPurchaseMask(data);
    const lines = valid.reduce((sum, v) => sum + v, 0);
    const customers = new Set(data.transactions.customerIndex.filter((_, i) => valid[i] === 1)).size;
    expect(lines).toBe(397_884);
    expect(customers).toBe(4_338);
    // Without the price condition it is 4,339: customer 13256 has only a zero-price line.
    const { quantity } = data.transactions;
    const withZeroPrice = new Set(data.transactions.customerIndex.filter((_, i) => !data.isCancellation[i] && quantity[i] > 0)).size;
    expect(withZeroPrice).toBe(4_339);
  });

  it('scores them into quintiles and the named segments', () => {
    const purchases = selectLines(data.transactions, validPurchaseMask(data));
    // Reference date: the day after the last invoice (2011-12-09), the usual choice for this data set.
    const features = computeCustomerFeatures(purchases, { cutoff: Date.UTC(2011, 11, 10), customerCount: data.customerIds.length });
    const rfm = scoreRfm({ recencyDays: features.columns.recencyDays, frequency: features.columns.frequency, monetary: features.columns.monetary, include: features.hasPurchase });
    expect(rfm.scoredCount).toBe(4_338);
    const perScore = (scores: Uint8Array) => [1, 2, 3, 4, 5].map((s) => scores.filter((v) => v === s).length);
    const summary = {
      r: perScore(rfm.r),
      f: perScore(rfm.f),
      m: perScore(rfm.m),
      segments: rfm.segmentCounts,
      grid: rfm.grid,
    };
    console.log(`Online Retail RFM (4,338 customers): ${JSON.stringify(summary)}`);
    // Monetary has almost no ties: five quintiles of 867-868 customers.
    for (const count of summary.m) expect(Math.abs(count - 4_338 / 5)).toBeLessThanOrEqual(1);
    // Frequency is heavily tied (1,493 one-order customers share score 1); scores still cover 1 and 5.
    expect(summary.f[0]).toBeGreaterThan(1_000);
    expect(summary.f[4]).toBeGreaterThan(0);
    expect(Object.values(rfm.segmentCounts).reduce((a, b) => a + b, 0)).toBe(4_338);
    for (const name of RFM_SEGMENTS) expect(rfm.segmentCounts[name]).toBeGreaterThanOrEqual(0);
    expect(rfm.segmentCounts.Champions).toBeGreaterThan(300);
    expect(rfm.segmentCounts.Lost).toBeGreaterThan(300);
  });
});
