import { explainChurnRisk, FeatureImpact, typicalValues } from './explain-churn-risk';
import { formatMoney, formatNumber, formatPercent } from './format';

const IMPORTANCES: FeatureImpact[] = [
  { feature: 'recencyDays', importance: 0.4, direction: 1 },
  { feature: 'purchaseTrend', importance: 0.2, direction: -1 },
  { feature: 'supportContacts', importance: 0.15, direction: 1 },
  { feature: 'returnRate', importance: 0.1, direction: 1 },
  { feature: 'frequency', importance: 0.1, direction: -1 },
  { feature: 'satisfaction', importance: 0.05, direction: -1 },
];

const TYPICAL = {
  median: { recencyDays: 18, daysBetweenOrders: 21, purchaseTrend: 0, supportContacts: 0, returnRate: 0.02, frequency: 6, satisfaction: 4 },
  spread: { recencyDays: 30, daysBetweenOrders: 20, purchaseTrend: 0.6, supportContacts: 1, returnRate: 0.1, frequency: 5, satisfaction: 1 },
};

describe('explainChurnRisk', () => {
  const customer = { recencyDays: 94.2, daysBetweenOrders: 40, purchaseTrend: -0.6, spendLastWindow: 80, spendPreviousWindow: 200, supportContacts: 3, returnRate: 0.4, frequency: 7, satisfaction: 4 };

  it('words the strongest reasons, in order of weight', () => {
    const reasons = explainChurnRisk(customer, TYPICAL, IMPORTANCES, { topN: 4 });
    expect(reasons.map((r) => r.text)).toEqual([
      'no purchase for 94 days; typical customers buy every 21',
      '3 support contacts in the last 90 days; typical customers 0',
      'returned 40 % of items; typical customers 2 %',
      'spending fell 60 % in the last 90 days',
    ]);
    // weights: recency 0.4*76.2/30 = 1.016; support 0.15*3 = 0.45; returns 0.1*0.38/0.1 = 0.38; trend 0.2*0.6/0.6 = 0.2
    expect(reasons[0].weight).toBeCloseTo(1.016);
    expect(reasons.map((r) => r.feature)).not.toContain('frequency'); // 7 orders is above typical: no reason
  });

  it('works from the trend alone, and says when spending stopped', () => {
    const [reason] = explainChurnRisk({ purchaseTrend: -0.6 }, TYPICAL, IMPORTANCES);
    expect(reason.text).toBe('spending fell 75 % in the last 90 days'); // last/previous = 0.4 / 1.6
    const [stopped] = explainChurnRisk({ purchaseTrend: -1, spendLastWindow: 0, spendPreviousWindow: 1234 }, TYPICAL, IMPORTANCES, { currency: '£' });
    expect(stopped.text).toBe('no spending in the last 90 days, after £1,234 in the 90 before');
  });

  it('is deterministic and returns nothing for a customer who looks retained', () => {
    expect(explainChurnRisk(customer, TYPICAL, IMPORTANCES)).toEqual(explainChurnRisk({ ...customer }, TYPICAL, [...IMPORTANCES]));
    expect(explainChurnRisk({ recencyDays: 3, frequency: 9, satisfaction: 5 }, TYPICAL, IMPORTANCES)).toEqual([]);
  });

  it('breaks ties by feature name and words unknown features generically', () => {
    const reasons = explainChurnRisk({ b: 2, a: 2 }, { median: { a: 1, b: 1 }, spread: { a: 1, b: 1 } }, [
      { feature: 'b', importance: 1, direction: 1 },
      { feature: 'a', importance: 1, direction: 1 },
    ]);
    expect(reasons.map((r) => r.text)).toEqual(['a is 2; typical customers 1', 'b is 2; typical customers 1']);
  });

  it('covers the other customer features', () => {
    const importances: FeatureImpact[] = ['monetary', 'averageOrderValue', 'categoryBreadth', 'emailEngagement', 'tenureDays', 'satisfaction', 'frequency'].map((feature) => ({ feature, importance: 1, direction: -1 }));
    const typical = { median: { monetary: 1600, averageOrderValue: 180, categoryBreadth: 5, emailEngagement: 0.3, tenureDays: 300, satisfaction: 4, frequency: 6 }, spread: {} };
    const reasons = explainChurnRisk({ monetary: 120, averageOrderValue: 25, categoryBreadth: 1, emailEngagement: 0.05, tenureDays: 30, satisfaction: 2.5, frequency: 1 }, typical, importances, { topN: 7, currency: '£' });
    expect(reasons.map((r) => r.text).sort()).toEqual([
      'a customer for only 30 days; typical customers 300 days',
      'average order of £25; typical customers £180',
      'buys from 1 category; typical customers 5',
      'latest satisfaction score 2.5; typical customers 4',
      'only 1 order so far; typical customers have 6',
      'opens and clicks on 5 % of emails delivered; typical customers 30 %',
      'spent £120 in total; typical customers £1,600',
    ]);
  });

  it('checks the importances', () => {
    expect(() => explainChurnRisk({}, TYPICAL, [{ feature: 'x', importance: -1, direction: 1 }])).toThrow('importance of x must be a finite number >= 0');
    expect(() => explainChurnRisk({}, TYPICAL, [{ feature: 'x', importance: 1, direction: 0 as 1 }])).toThrow('direction of x must be 1 or -1');
  });
});

describe('typicalValues', () => {
  it('takes medians and interquartile ranges over retained customers only', () => {
    const typical = typicalValues({ recencyDays: [1, 2, 3, 4, 5, 100] }, [1, 1, 1, 1, 1, 0]);
    expect(typical.median.recencyDays).toBe(3);
    expect(typical.spread.recencyDays).toBe(2);
  });
});

describe('formatting', () => {
  it('is locale independent', () => {
    expect(formatMoney(-1234567.4, '£')).toBe('-£1,234,567');
    expect(formatPercent(0.404)).toBe('40 %');
    expect(formatNumber(3.5)).toBe('3.5');
    expect(formatNumber(42.5)).toBe('43');
  });
});
