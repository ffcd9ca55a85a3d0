// Customer features (libs/segmentation's CUSTOMER_FEATURE_NAMES) as people read them, in their own units.
import { formatAmount, formatCount } from '../format';

interface FeatureWords {
  label: string;
  format(value: number): string;
}

const days = (v: number) => `${formatCount(v)} days`;
const money = (v: number) => formatAmount(v, 'GBP');
const share = (v: number) => `${(v * 100).toFixed(1)}%`;
const plain = (v: number) => (Number.isInteger(v) || Math.abs(v) >= 100 ? formatCount(v) : v.toFixed(2));

const FEATURES: Record<string, FeatureWords> = {
  recencyDays: { label: 'Days since last purchase', format: days },
  frequency: { label: 'Orders', format: plain },
  monetary: { label: 'Net revenue', format: money },
  tenureDays: { label: 'Days since first purchase', format: days },
  averageOrderValue: { label: 'Average order value', format: money },
  daysBetweenOrders: { label: 'Days between orders', format: days },
  purchaseTrend: { label: 'Purchase trend', format: plain },
  spendLastWindow: { label: 'Spend in the last 90 days', format: money },
  spendPreviousWindow: { label: 'Spend in the 90 days before', format: money },
  categoryBreadth: { label: 'Categories bought', format: plain },
  returnRate: { label: 'Return rate', format: share },
  supportContacts: { label: 'Support contacts', format: plain },
  satisfaction: { label: 'Latest satisfaction score', format: plain },
  emailEngagement: { label: 'Email engagement', format: share },
};

export function featureLabel(name: string): string {
  return FEATURES[name]?.label ?? name;
}

export function formatFeature(name: string, value: number): string {
  return (FEATURES[name]?.format ?? plain)(value);
}
