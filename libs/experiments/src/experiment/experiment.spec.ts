import { analyzeBySegment, analyzeExperiment, effectiveVariants, minimumSampleState, sampleRatioCheck } from '../index';

// Reference values: mpmath 1.3.0 at 40 digits (see proportions.spec.ts and distributions.spec.ts for
// the formulas) and hand calculations of the chi-square statistic.
const close = (actual: number, expected: number, tolerance = 1e-6) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance);

describe('sample-ratio mismatch', () => {
  it('computes the chi-square of exposures against the weights', () => {
    // 5120 / 4880 at 50/50: (120² / 5000) · 2 = 5.76, p = 0.016395071849192261 (mpmath) — no alarm at 0.001
    const check = sampleRatioCheck([
      { id: 'A', weight: 50, exposures: 5120 },
      { id: 'B', weight: 50, exposures: 4880 },
    ])!;
    close(check.chiSquare, 5.76, 1e-12);
    expect(check.degreesOfFreedom).toBe(1);
    close(check.pValue, 0.016395071849192261, 1e-12);
    expect(check.mismatch).toBe(false);
    // 2100 / 2900 / 5000 at 20/30/50: 100²/2000 + 100²/3000 + 0 = 8.3333, df 2, p = e^(−8.3333/2) = 0.015503853599009314
    const three = sampleRatioCheck([
      { id: 'A', weight: 20, exposures: 2100 },
      { id: 'B', weight: 30, exposures: 2900 },
      { id: 'C', weight: 50, exposures: 5000 },
    ])!;
    close(three.chiSquare, 25 / 3, 1e-12);
    close(three.pValue, Math.exp(-25 / 6), 1e-12);
  });

  it('warns below p = 0.001 and when an arm of weight 0 received customers', () => {
    const drifted = sampleRatioCheck([
      { id: 'A', weight: 50, exposures: 5200 },
      { id: 'B', weight: 50, exposures: 4800 },
    ])!; // chi-square 16, p ≈ 6.3e-5
    expect(drifted.mismatch).toBe(true);
    expect(
      sampleRatioCheck([
        { id: 'A', weight: 100, exposures: 50 },
        { id: 'B', weight: 0, exposures: 1 },
      ])!.mismatch,
    ).toBe(true);
    expect(sampleRatioCheck([{ id: 'A', weight: 100, exposures: 50 }])).toBeNull();
  });
});

describe('minimum sample', () => {
  it('says how far the smallest arm is from the minimum', () => {
    const state = minimumSampleState(
      [
        { exposures: 120, conversions: 30 },
        { exposures: 500, conversions: 12 },
      ],
      { exposuresPerArm: 400, conversionsPerArm: 20 },
    );
    expect(state.reached).toBe(false);
    expect(state.message).toBe('Not enough data yet: 120 of 400 exposures per arm, 12 of 20 conversions per arm.');
    expect(minimumSampleState([{ exposures: 400, conversions: 20 }], { exposuresPerArm: 400, conversionsPerArm: 20 }).reached).toBe(true);
  });
});

describe('analyzeExperiment', () => {
  const arms = [
    { id: 'control', weight: 50, exposures: 1000, conversions: 100 },
    { id: 'offer', weight: 50, exposures: 1000, conversions: 130 },
  ];

  it('compares each arm with the control', () => {
    const result = analyzeExperiment(arms, { controlId: 'control' });
    const [control, offer] = result.arms;
    expect(control.isControl).toBe(true);
    expect(control.absoluteLift).toBeNull();
    expect(control.probabilityToBeatControl).toBeNull();
    close(offer.rate!, 0.13, 1e-15);
    close(offer.absoluteLift!.estimate, 0.03, 1e-15);
    close(offer.relativeLift!.lower, 0.016984270971045514);
    close(offer.relativeLift!.upper, 0.66177594702260235);
    close(offer.zTest!.pValue, 0.035488450466474692);
    close(offer.probabilityToBeatControl!, 0.98216506611635052);
    close(offer.probabilityToBeBest, 0.98216506611635052, 1e-8);
    close(control.probabilityToBeBest + offer.probabilityToBeBest, 1, 1e-12);
    expect(result.sample.reached).toBe(true);
    expect(result.sampleRatio!.mismatch).toBe(false);
    expect(result.promotable).toEqual(['offer']);
  });

  it('promotes nothing before the minimum sample, or when the split is broken', () => {
    expect(analyzeExperiment(arms, { minimumSample: { exposuresPerArm: 2000, conversionsPerArm: 1 } }).promotable).toEqual([]);
    const skewed = analyzeExperiment(arms.map((arm) => ({ ...arm, weight: arm.id === 'control' ? 90 : 10 })));
    expect(skewed.sampleRatio!.mismatch).toBe(true);
    expect(skewed.promotable).toEqual([]);
    // the same counts checked against the split they were actually assigned with
    const checkedElsewhere = analyzeExperiment(arms, { sampleRatioArms: [{ id: 'control', weight: 1, exposures: 500 }, { id: 'offer', weight: 1, exposures: 500 }] });
    expect(checkedElsewhere.sampleRatio!.chiSquare).toBe(0);
  });

  it('handles empty arms without throwing', () => {
    const result = analyzeExperiment([
      { id: 'A', weight: 50, exposures: 0, conversions: 0 },
      { id: 'B', weight: 50, exposures: 0, conversions: 0 },
    ]);
    expect(result.arms[1].rate).toBeNull();
    expect(result.arms[1].absoluteLift).toBeNull();
    close(result.arms[1].probabilityToBeatControl!, 0.5, 1e-12);
    expect(result.sample.message).toBe('Not enough data yet: 0 of 400 exposures per arm, 0 of 20 conversions per arm.');
    expect(() => analyzeExperiment(arms, { controlId: 'missing' })).toThrow(/control arm "missing"/);
    expect(() => analyzeExperiment([{ id: 'A', weight: 1, exposures: 1, conversions: 2 }])).toThrow(RangeError);
  });

  it('compares within each segment', () => {
    const bySegment = analyzeBySegment([
      { segment: 'loyal', id: 'control', weight: 50, exposures: 70, conversions: 48 },
      { segment: 'loyal', id: 'offer', weight: 50, exposures: 80, conversions: 56 },
      { segment: 'new', id: 'control', weight: 50, exposures: 1000, conversions: 100 },
      { segment: 'new', id: 'offer', weight: 50, exposures: 1000, conversions: 130 },
    ]);
    expect(bySegment.map((entry) => entry.segment)).toEqual(['loyal', 'new']);
    close(bySegment[0].result.arms[1].absoluteLift!.estimate, 56 / 80 - 48 / 70, 1e-15);
    close(bySegment[1].result.arms[1].zTest!.pValue, 0.035488450466474692);
  });
});

describe('effectiveVariants', () => {
  const variants = [
    { id: 'A', label: 'A', weight: 50 },
    { id: 'B', label: 'B', weight: 50 },
  ];
  it('puts all the weight on the promoted arm, keeping order and other fields', () => {
    expect(effectiveVariants(variants, { variantId: 'B' })).toEqual([
      { id: 'A', label: 'A', weight: 0 },
      { id: 'B', label: 'B', weight: 100 },
    ]);
  });
  it('leaves the split alone without a decision or for an arm that no longer exists', () => {
    expect(effectiveVariants(variants, null)).toEqual(variants);
    expect(effectiveVariants(variants, { variantId: 'C' })).toEqual(variants);
  });
});
