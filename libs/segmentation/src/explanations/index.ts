export { explainChurnRisk, typicalValues } from './explain-churn-risk';
export type { ChurnReason, ExplainOptions, FeatureImpact, TypicalValues } from './explain-churn-risk';
export { describeFeature } from './sentences';
export type { SentenceContext } from './sentences';
