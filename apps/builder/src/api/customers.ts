import { api, QueryValue } from './client';
import type { CustomerDetail, CustomerFacets, CustomerSummary, Page, TimelinePage } from './types';

/** Filters of GET /api/customers; `attributes` become `attr.<key>=<value>`. */
export interface CustomerListQuery {
  page: number;
  pageSize: number;
  q?: string;
  country?: string;
  plan?: string;
  emailConsent?: boolean;
  attributes?: Record<string, string>;
}

export function listCustomers(query: CustomerListQuery, signal?: AbortSignal): Promise<Page<CustomerSummary>> {
  const params: Record<string, QueryValue> = {
    page: query.page,
    pageSize: query.pageSize,
    q: query.q,
    country: query.country,
    plan: query.plan,
    emailConsent: query.emailConsent,
  };
  for (const [key, value] of Object.entries(query.attributes ?? {})) params[`attr.${key}`] = value;
  return api.get<Page<CustomerSummary>>('/api/customers', { query: params, signal });
}

export function fetchCustomerFacets(signal?: AbortSignal): Promise<CustomerFacets> {
  return api.get<CustomerFacets>('/api/customers/facets', { signal });
}

export function fetchCustomer(id: number | string, signal?: AbortSignal): Promise<CustomerDetail> {
  return api.get<CustomerDetail>(`/api/customers/${encodeURIComponent(String(id))}`, { signal });
}

export function fetchTimeline(id: number | string, options: { limit?: number; before?: string | null } = {}, signal?: AbortSignal): Promise<TimelinePage> {
  return api.get<TimelinePage>(`/api/customers/${encodeURIComponent(String(id))}/timeline`, {
    query: { limit: options.limit ?? 50, before: options.before ?? undefined },
    signal,
  });
}
