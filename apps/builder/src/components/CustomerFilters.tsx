import type { CustomerFacets, FacetValue } from '../api/types';
import type { CustomerListFilters } from '../customers/customer-list-params';
import { formatCount } from '../format';

interface CustomerFiltersProps {
  searchText: string;
  onSearchTextChange(text: string): void;
  filters: CustomerListFilters;
  facets: CustomerFacets | undefined;
  onChange(change: Partial<CustomerListFilters>): void;
}

/** Search box and the country, plan and email-consent filters above the customers table. */
export function CustomerFilters({ searchText, onSearchTextChange, filters, facets, onChange }: CustomerFiltersProps) {
  return (
    <div className="filters" role="search">
      <div className="field grow">
        <label htmlFor="customer-search">Search</label>
        <input
          id="customer-search"
          type="search"
          placeholder="Name, email or id"
          value={searchText}
          onChange={(event) => onSearchTextChange(event.target.value)}
        />
      </div>
      <FacetSelect id="customer-country" label="Country" anyLabel="All countries" value={filters.country} values={facets?.countries} onChange={(country) => onChange({ country })} />
      <FacetSelect id="customer-plan" label="Plan" anyLabel="All plans" value={filters.plan} values={facets?.plans} onChange={(plan) => onChange({ plan })} />
      <div className="field">
        <label htmlFor="customer-consent">Email consent</label>
        <select
          id="customer-consent"
          value={filters.emailConsent}
          onChange={(event) => onChange({ emailConsent: event.target.value as CustomerListFilters['emailConsent'] })}
        >
          <option value="">Any</option>
          <option value="true">Consented</option>
          <option value="false">Not consented</option>
        </select>
      </div>
    </div>
  );
}

interface FacetSelectProps {
  id: string;
  label: string;
  anyLabel: string;
  value: string;
  values: FacetValue[] | undefined;
  onChange(value: string): void;
}

function FacetSelect({ id, label, anyLabel, value, values = [], onChange }: FacetSelectProps) {
  // A value from the URL that the facets do not list (yet) must still show as selected.
  const options = value && !values.some((v) => v.value === value) ? [{ value, count: 0 }, ...values] : values;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{anyLabel}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.count ? `${option.value} (${formatCount(option.count)})` : option.value}
          </option>
        ))}
      </select>
    </div>
  );
}
