import type { CustomerListQuery } from '../api/customers';

export const PAGE_SIZE = 25;
const ATTRIBUTE_PREFIX = 'attr.';

/** The customers list's filters as they are kept in the page's URL query, so that a reload keeps them. */
export interface CustomerListFilters {
  page: number;
  q: string;
  country: string;
  plan: string;
  /** '' (any), 'true' or 'false'. */
  emailConsent: '' | 'true' | 'false';
  attributes: Record<string, string>;
}

export function readFilters(params: URLSearchParams): CustomerListFilters {
  const page = Number(params.get('page'));
  const consent = params.get('emailConsent');
  const attributes: Record<string, string> = {};
  params.forEach((value, key) => {
    if (key.startsWith(ATTRIBUTE_PREFIX) && key.length > ATTRIBUTE_PREFIX.length) attributes[key.slice(ATTRIBUTE_PREFIX.length)] = value;
  });
  return {
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    q: params.get('q') ?? '',
    country: params.get('country') ?? '',
    plan: params.get('plan') ?? '',
    emailConsent: consent === 'true' || consent === 'false' ? consent : '',
    attributes,
  };
}

/** The URL query for `filters`; defaults (page 1, empty filters) are left out. */
export function writeFilters(filters: CustomerListFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.q) params.set('q', filters.q);
  if (filters.country) params.set('country', filters.country);
  if (filters.plan) params.set('plan', filters.plan);
  if (filters.emailConsent) params.set('emailConsent', filters.emailConsent);
  for (const [key, value] of Object.entries(filters.attributes)) params.set(`${ATTRIBUTE_PREFIX}${key}`, value);
  if (filters.page > 1) params.set('page', String(filters.page));
  return params;
}

/** Changes some filters; any change other than the page itself goes back to page 1. */
export function changeFilters(filters: CustomerListFilters, change: Partial<CustomerListFilters>): CustomerListFilters {
  return { ...filters, ...change, page: change.page ?? 1 };
}

/** The API query for the filters. */
export function toListQuery(filters: CustomerListFilters): CustomerListQuery {
  return {
    page: filters.page,
    pageSize: PAGE_SIZE,
    q: filters.q.trim() || undefined,
    country: filters.country || undefined,
    plan: filters.plan || undefined,
    emailConsent: filters.emailConsent === '' ? undefined : filters.emailConsent === 'true',
    attributes: filters.attributes,
  };
}
