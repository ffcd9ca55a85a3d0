export { DAY_MS, internLabels } from './inputs';
export type { EventColumns, EventNameIds, TransactionColumns } from './inputs';
export { computeCustomerFeatures, CUSTOMER_FEATURE_NAMES } from './customer-features';
export type { CustomerFeatureName, CustomerFeatureOptions, CustomerFeatures } from './customer-features';
export { churnLabelsFromTransactions } from './churn-labels';
export type { ChurnLabelOptions, ChurnLabels } from './churn-labels';
export { median, quantile } from './column-stats';
