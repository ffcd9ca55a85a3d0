import { customerRetention, daysToIdentify, median, monthFromLabel, monthlyChurn, monthLabel, quantile, returningCustomerRevenue, riskSignalAt } from '../index';

// Hand-counted scenarios: every expected number below is counted from the purchase table by hand.
const purchases = [
  // customer 1: Jan, Feb, Aug
  { customerId: 1, at: '2011-01-05T10:00:00Z', amount: 10 },
  { customerId: 1, at: '2011-02-05T10:00:00Z', amount: 20 },
  { customerId: 1, at: '2011-08-05T10:00:00Z', amount: 5 },
  // customer 2: Jan only
  { customerId: 2, at: '2011-01-20T10:00:00Z', amount: 7 },
  // customer 3: Feb, Jul
  { customerId: 3, at: '2011-02-01T00:00:00Z', amount: 3 },
  { customerId: 3, at: '2011-07-31T23:59:59Z', amount: 4 },
];

describe('statistics', () => {
  it('median and quantiles interpolate linearly (R type 7)', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.9)).toBeCloseTo(4.6, 12); // position 3.6 → 4 + 0.6
    expect(median([])).toBeNull();
  });
  it('months are UTC calendar months', () => {
    expect(monthLabel(monthFromLabel('2011-12'))).toBe('2011-12');
    expect(monthFromLabel('2011-01') - monthFromLabel('2010-12')).toBe(1);
  });
});

describe('customer retention (6-month window)', () => {
  it('counts buyers of a month who buy again within the next six', () => {
    // data Jan–Aug: months with a whole window: Jan (Feb–Jul) and Feb (Mar–Aug)
    expect(customerRetention(purchases)).toEqual([
      { month: '2011-01', value: 0.5, numerator: 1, denominator: 2 }, // 1 returns in Feb; 2 never
      { month: '2011-02', value: 1, numerator: 2, denominator: 2 }, // 1 in Aug, 3 in Jul
    ]);
  });
});

describe('monthly churn (inactive after 3 months)', () => {
  it('counts customers active at the start who lapse during the month', () => {
    const series = monthlyChurn(purchases);
    expect(series.map((point) => point.month)).toEqual(['2011-04', '2011-05', '2011-06', '2011-07', '2011-08']);
    // April: active at start = a purchase in Jan–Mar = {1, 2, 3}; still active = a purchase in Feb–Apr = {1, 3}: 1 of 3
    expect(series[0]).toEqual({ month: '2011-04', value: 1 / 3, numerator: 1, denominator: 3 });
    // May: active at start (Feb–Apr) = {1, 3}; Mar–May: nobody: 2 of 2
    expect(series[1]).toEqual({ month: '2011-05', value: 1, numerator: 2, denominator: 2 });
    // June: Mar–May nobody
    expect(series[2]).toEqual({ month: '2011-06', value: null, numerator: 0, denominator: 0 });
    // August: Mar–Jul = {3}; May–Aug = {3}: 0 of 1
    expect(series[4]).toEqual({ month: '2011-08', value: 0, numerator: 0, denominator: 1 });
  });
});

describe('revenue from returning customers', () => {
  it('sums purchases of customers who first bought in an earlier month', () => {
    const series = returningCustomerRevenue(purchases);
    expect(series[0]).toEqual({ month: '2011-01', value: 0, numerator: 0, denominator: 17 });
    expect(series[1]).toEqual({ month: '2011-02', value: 20, numerator: 20, denominator: 23 }); // 1 returns; 3 is new
    expect(series[6]).toEqual({ month: '2011-07', value: 4, numerator: 4, denominator: 4 });
    expect(series).toHaveLength(8);
  });
});

describe('time to identify an at-risk customer', () => {
  it('fires the signal once the gap since the last purchase exceeds the median gap', () => {
    // purchase days: Jan 1, Jan 11, Jan 15, Feb 4 → gaps 10, 4, 20 → median 10 → signal Feb 14
    const signal = riskSignalAt(['2011-01-01T09:00:00Z', '2011-01-11T12:00:00Z', '2011-01-15T08:00:00Z', '2011-01-15T18:00:00Z', '2011-02-04T10:00:00Z'])!;
    expect(signal.toISOString()).toBe('2011-02-14T00:00:00.000Z');
    expect(daysToIdentify(signal, '2011-02-20T12:00:00Z')).toBe(6.5);
    expect(daysToIdentify(signal, '2011-02-01T00:00:00Z')).toBe(0);
    expect(riskSignalAt(['2011-01-01T09:00:00Z', '2011-01-01T18:00:00Z'])).toBeNull();
  });
});
