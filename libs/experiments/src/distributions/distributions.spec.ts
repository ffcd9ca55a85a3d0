import { chiSquareSurvival, erfc, logGamma, normalCdf, normalQuantile, normalSurvival, regularizedGammaP } from '../index';
import { betaCdf, posteriorOf, probabilityBBeatsA, probabilityToBeBest } from '../index';

// Reference values: mpmath 1.3.0 at 30–40 significant digits (an arbitrary-precision implementation
// independent of ours), e.g. `python3 -c "import mpmath as mp; mp.mp.dps=30; print(mp.erfc(3))"`,
// and hand calculations where the integral has a closed form.
const close = (actual: number, expected: number, tolerance = 1e-6) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance);
const relativelyClose = (actual: number, expected: number, tolerance = 1e-12) => expect(Math.abs(actual / expected - 1)).toBeLessThanOrEqual(tolerance);

describe('normal distribution', () => {
  it('erfc matches mpmath to ~1e-15 relative, deep into the tail', () => {
    const cases: Array<[number, number]> = [
      [0.1, 0.8875370839817151],
      [1, 0.15729920705028513],
      [2, 0.0046777349810472658],
      [3, 2.2090496998585441e-5],
      [5, 1.5374597944280349e-12],
      [10, 2.0884875837625448e-45],
      [-1, 1.8427007929497149],
    ];
    for (const [x, expected] of cases) relativelyClose(erfc(x), expected, 1e-13);
    expect(erfc(0)).toBe(1);
  });

  it('Φ and its tail match mpmath (ncdf)', () => {
    relativelyClose(normalCdf(1.96), 0.97500210485177956, 1e-15);
    relativelyClose(normalCdf(-1), 0.15865525393145705, 1e-13);
    relativelyClose(normalCdf(-3), 0.0013498980316300945, 1e-13);
    relativelyClose(normalCdf(-5), 2.8665157187919391e-7, 1e-13);
    relativelyClose(normalSurvival(8.5), 9.4795348222033184e-18, 1e-12);
  });

  it('the quantile inverts Φ (1.959963984540054 at 97.5 %)', () => {
    close(normalQuantile(0.975), 1.9599639845400539, 1e-14);
    close(normalQuantile(0.999), 3.0902323061678133, 1e-13);
    close(normalQuantile(0.025), -1.9599639845400539, 1e-14);
    expect(normalQuantile(0.5)).toBe(0);
  });
});

describe('gamma family', () => {
  it('log-gamma matches mpmath', () => {
    relativelyClose(logGamma(0.5), 0.57236494292470009, 1e-14); // ln √π
    close(logGamma(1), 0, 1e-15);
    relativelyClose(logGamma(3.7), 1.4280723266653881, 1e-14);
    relativelyClose(logGamma(100), 359.1342053695754, 1e-14);
    relativelyClose(logGamma(12345.6), 103959.18506616846, 1e-14);
  });

  it('regularized incomplete gamma and the chi-square tail match mpmath', () => {
    relativelyClose(regularizedGammaP(2.5, 1.3), 0.2386347321549861, 1e-13);
    const cases: Array<[number, number, number]> = [
      [3.84, 1, 0.050043521248705103],
      [10.828, 1, 0.00099976571958309236], // the 0.001 critical value of textbook tables
      [5.991, 2, 0.05001161502657909],
      [20, 5, 0.0012497305630313754],
      [0.5, 3, 0.91889141165467586],
      [100, 3, 1.5541594313896049e-21],
    ];
    for (const [x, df, expected] of cases) relativelyClose(chiSquareSurvival(x, df), expected, 1e-12);
    // df = 2 has the closed form e^(−x/2)
    relativelyClose(chiSquareSurvival(7, 2), Math.exp(-3.5), 1e-14);
  });
});

describe('beta posteriors', () => {
  it('the beta CDF matches mpmath and the closed form', () => {
    // Beta(2, 5) CDF at 0.3 by hand: 1 − (1 − x)^6 − 6x(1 − x)^5 = 1 − 0.117649 − 0.302526 = 0.579825
    close(betaCdf(0.3, { alpha: 2, beta: 5 }), 0.579825, 1e-14);
    close(betaCdf(0.05, { alpha: 51, beta: 951 }), 0.46536035838427779, 1e-12);
    close(betaCdf(0.5, { alpha: 0.5, beta: 0.5 }), 0.5, 1e-14);
  });

  it('P(B beats A) in closed form matches hand integrals', () => {
    // Beta(1,1) vs Beta(2,1): ∫ 2x · x dx = 2/3
    close(probabilityBBeatsA({ alpha: 1, beta: 1 }, { alpha: 2, beta: 1 }), 2 / 3, 1e-12);
    // Beta(1,2) vs Beta(2,1): ∫ 2x · (1 − (1 − x)²) dx = 4/3 − 1/2 = 5/6
    close(probabilityBBeatsA({ alpha: 1, beta: 2 }, { alpha: 2, beta: 1 }), 5 / 6, 1e-12);
    // identical posteriors: 1/2
    close(probabilityBBeatsA(posteriorOf(7, 40), posteriorOf(7, 40)), 0.5, 1e-12);
  });

  it('P(B beats A) matches mpmath quadrature at realistic counts', () => {
    // mp.quad(lambda x: betapdf(x, 131, 871) * betainc(101, 901, 0, x, regularized=True), [0, 1])
    close(probabilityBBeatsA(posteriorOf(100, 1000), posteriorOf(130, 1000)), 0.98216506611635052, 1e-10);
    close(probabilityBBeatsA(posteriorOf(10, 100), posteriorOf(12, 100)), 0.67072046521207987, 1e-10);
  });

  it('P(best) for n arms matches hand integrals and mpmath, and agrees with the closed form for two arms', () => {
    // three uniform posteriors: 1/3 each by symmetry
    for (const p of probabilityToBeBest([posteriorOf(0, 0), posteriorOf(0, 0), posteriorOf(0, 0)])) close(p, 1 / 3, 1e-9);
    // Beta(2,1) against two Beta(1,1): ∫ 2x · x² dx = 1/2
    close(probabilityToBeBest([{ alpha: 2, beta: 1 }, { alpha: 1, beta: 1 }, { alpha: 1, beta: 1 }])[0], 0.5, 1e-9);
    const three = probabilityToBeBest([posteriorOf(100, 1000), posteriorOf(130, 1000), posteriorOf(115, 1000)]);
    close(three[0], 0.01041011306618463, 1e-7);
    close(three[1], 0.83888629817365735, 1e-7);
    close(three[2], 0.15070358876015802, 1e-7);
    const two = probabilityToBeBest([posteriorOf(100, 1000), posteriorOf(130, 1000)]);
    close(two[1], probabilityBBeatsA(posteriorOf(100, 1000), posteriorOf(130, 1000)), 1e-9);
    // very different widths: a small arm against a large one
    const uneven = probabilityToBeBest([posteriorOf(3, 20), posteriorOf(5000, 40000)]);
    close(uneven[0], probabilityBBeatsA(posteriorOf(5000, 40000), posteriorOf(3, 20)), 1e-9);
  });
});
