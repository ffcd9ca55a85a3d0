import { CUSTOMER_FEATURE_NAMES, type CustomerFeatureName } from '@retain/segmentation';

/** The customer_facts column of each feature (recencyDays → recency_days; see migration 20261204100000). */
export const FEATURE_COLUMN = Object.fromEntries(
  CUSTOMER_FEATURE_NAMES.map((name) => [name, name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)]),
) as Record<CustomerFeatureName, string>;

/** The column of a feature name, undefined for a name that is not a feature. */
export function featureColumn(name: string): string | undefined {
  return Object.hasOwn(FEATURE_COLUMN, name) ? FEATURE_COLUMN[name as CustomerFeatureName] : undefined;
}
