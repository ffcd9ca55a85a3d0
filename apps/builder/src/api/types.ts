/** Shapes of the engine's JSON responses, as the builder reads them. */

export type Role = 'admin' | 'marketer' | 'analyst';

export interface ErrorDetail {
  path?: string;
  line?: number;
  column?: number;
  message: string;
}

/** Every error response of the engine. */
export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: ErrorDetail[];
}

export interface LoginResponse {
  token: string;
  expiresAt: string;
  user: { id: number; email: string; name: string | null; role: Role };
}

export type Principal =
  | { kind: 'user'; userId: number; email: string; role: Role }
  | { kind: 'apiKey'; keyId: number; name: string; scopes: string[] };

export interface CustomerSummary {
  id: number;
  externalId: string | null;
  email: string | null;
  name: string | null;
  country: string | null;
  city: string | null;
  plan: string | null;
  emailConsent: boolean;
  attributes: Record<string, unknown>;
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface FacetValue {
  value: string;
  count: number;
}

export interface CustomerFacets {
  countries: FacetValue[];
  plans: FacetValue[];
}

export interface CustomerActivitySummary {
  orders: number;
  transactionLines: number;
  netRevenue: number;
  returns: number;
  firstPurchaseAt: string | null;
  lastPurchaseAt: string | null;
  events: number;
}

export interface CustomerAlias {
  kind: string;
  value: string;
}

export interface CustomerDetail extends CustomerSummary {
  age: number | null;
  occupation: string | null;
  signupAt: string | null;
  timeZone: string | null;
  updatedAt: string;
  aliases: CustomerAlias[];
  summary: CustomerActivitySummary;
}

export interface TimelineEvent {
  type: 'event';
  id: string;
  at: string;
  name: string;
  properties: Record<string, unknown>;
}

export interface TimelineTransaction {
  type: 'transaction';
  id: string;
  at: string;
  invoice: string;
  sku: string | null;
  description: string | null;
  quantity: number | null;
  unitPrice: number | null;
  amount: number;
  currency: string;
  isReturn: boolean;
  isCancellation: boolean;
}

export type TimelineItem = TimelineEvent | TimelineTransaction;

export interface TimelinePage {
  items: TimelineItem[];
  nextBefore: string | null;
}
