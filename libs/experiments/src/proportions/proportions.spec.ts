import { newcombeDifferenceInterval, normalQuantile, relativeLiftInterval, twoProportionZTest, wilsonInterval } from '../index';

// Textbook references: R. G. Newcombe, "Two-sided confidence intervals for the single proportion"
// and "Interval estimation for the difference between independent proportions", Statistics in
// Medicine 17 (1998) 857–872 and 873–890 — the published 4-decimal values. The 1e-6 checks use the
// same formulas evaluated at 40 digits with mpmath 1.3.0 (an independent implementation written
// from the papers; z = √2 · erfinv(0.95)).
const Z95 = normalQuantile(0.975);
const close = (actual: number, expected: number, tolerance = 1e-6) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance);

describe('Wilson interval', () => {
  it("reproduces Newcombe's single-proportion examples", () => {
    const cases: Array<[number, number, number, number, number, number]> = [
      // x, n, paper lower, paper upper, mpmath lower, mpmath upper
      [81, 263, 0.2553, 0.3662, 0.25528851987827423, 0.36620957698280007],
      [0, 10, 0, 0.2775, 0, 0.27753279986288925],
      [1, 29, 0.0061, 0.1718, 0.0061132142927626605, 0.17175521879320288],
    ];
    for (const [x, n, paperLower, paperUpper, lower, upper] of cases) {
      const interval = wilsonInterval(x, n, Z95);
      close(interval.lower, paperLower, 5e-5);
      close(interval.upper, paperUpper, 5e-5);
      close(interval.lower, lower);
      close(interval.upper, upper);
    }
  });
});

describe('difference of two proportions (Newcombe hybrid score, method 10)', () => {
  it("reproduces Newcombe's examples (a), (b) and (e)", () => {
    const cases: Array<[number, number, number, number, number, number, number, number]> = [
      [56, 70, 48, 80, 0.0524, 0.3339, 0.052431472402364878, 0.33387265403690598],
      [9, 10, 3, 10, 0.1705, 0.809, 0.17052272393450288, 0.80901797353548798],
      [5, 56, 0, 29, -0.0381, 0.1926, -0.038137147903536903, 0.19256001385511162],
    ];
    for (const [x1, n1, x2, n2, paperLower, paperUpper, lower, upper] of cases) {
      const interval = newcombeDifferenceInterval(x1, n1, x2, n2, Z95);
      close(interval.estimate, x1 / n1 - x2 / n2, 1e-15);
      close(interval.lower, paperLower, 5e-5);
      close(interval.upper, paperUpper, 5e-5);
      close(interval.lower, lower);
      close(interval.upper, upper);
    }
  });
});

describe('relative lift (log-ratio delta method)', () => {
  it('matches a 40-digit evaluation', () => {
    const a = relativeLiftInterval(56, 70, 48, 80, Z95)!;
    close(a.estimate, 1 / 3, 1e-15);
    close(a.lower, 0.076626422763192713);
    close(a.upper, 0.65124851126638702);
    // By hand: ln(1.3) ± 1.959964 · √(1/130 − 1/1000 + 1/100 − 1/1000) = 0.262364 ± 1.959964 · 0.126476
    const b = relativeLiftInterval(130, 1000, 100, 1000, Z95)!;
    close(b.estimate, 0.3, 1e-15);
    close(b.lower, 0.016984270971045514);
    close(b.upper, 0.66177594702260235);
  });

  it('is undefined without a conversion in either arm', () => {
    expect(relativeLiftInterval(0, 100, 5, 100, Z95)).toBeNull();
    expect(relativeLiftInterval(5, 100, 0, 100, Z95)).toBeNull();
  });
});

describe('two-proportion z-test (pooled)', () => {
  it('matches a 40-digit evaluation', () => {
    // 56/70 vs 48/80: pooled 104/150, z = 0.2 / √(0.693333 · 0.306667 · (1/70 + 1/80)) = 2.650172
    const a = twoProportionZTest(56, 70, 48, 80)!;
    close(a.z, 2.6501719512585326, 1e-12);
    close(a.pValue, 0.0080450813681965847, 1e-12);
    const b = twoProportionZTest(130, 1000, 100, 1000)!;
    close(b.z, 2.1027406056221143, 1e-12);
    close(b.pValue, 0.035488450466474692, 1e-12);
    const c = twoProportionZTest(520, 4000, 400, 4000)!;
    close(c.pValue, 2.6052723292402276e-5, 1e-12);
  });

  it('has nothing to test without variance', () => {
    expect(twoProportionZTest(0, 100, 0, 100)).toBeNull();
    expect(twoProportionZTest(100, 100, 50, 50)).toBeNull();
    expect(twoProportionZTest(1, 0, 0, 100)).toBeNull();
  });
});
