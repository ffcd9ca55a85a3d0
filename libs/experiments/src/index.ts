// @retain/experiments: the statistics of A/B/n experiments and the KPI arithmetic (pure, no I/O).
// This is the package's one public entry point; nothing imports its internals.

// Distributions
export { logGamma, regularizedGammaP, regularizedGammaQ, chiSquareSurvival } from './distributions/gamma';
export { erfc, normalCdf, normalSurvival, normalDensity, normalQuantile } from './distributions/normal';
export { logBeta, posteriorOf, betaDensity, betaCdf, probabilityBBeatsA, probabilityToBeBest } from './distributions/beta';
export type { BetaParameters } from './distributions/beta';

// Proportions
export { wilsonInterval, newcombeDifferenceInterval, relativeLiftInterval } from './proportions/intervals';
export type { Interval } from './proportions/intervals';
export { twoProportionZTest } from './proportions/z-test';
export type { ZTest } from './proportions/z-test';

// Experiments
export { analyzeExperiment, analyzeBySegment, METHODS } from './experiment/analyze-experiment';
export type { ArmInput, AnalyzeOptions, ArmResult, ExperimentResult, Lift, SegmentArmInput } from './experiment/analyze-experiment';
export { sampleRatioCheck, SRM_P_VALUE_THRESHOLD } from './experiment/sample-ratio';
export type { SampleRatioCheck, ObservedArm } from './experiment/sample-ratio';
export { minimumSampleState, DEFAULT_MINIMUM_SAMPLE } from './experiment/minimum-sample';
export type { MinimumSample, SampleState } from './experiment/minimum-sample';
export { effectiveVariants } from './experiment/promotion';
export type { PromotionDecision } from './experiment/promotion';

// KPIs
export { monthIndex, monthLabel, monthFromLabel } from './kpis/months';
export { quantile, median, mean } from './kpis/statistics';
export { customerRetention, monthlyChurn, returningCustomerRevenue } from './kpis/purchase-kpis';
export type { Purchase, KpiPoint } from './kpis/purchase-kpis';
export { riskSignalAt, daysToIdentify } from './kpis/risk-signal';
