import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { fetchCustomerFacets, listCustomers } from '../api/customers';
import { AttributeFilters } from '../components/AttributeFilters';
import { CustomerFilters } from '../components/CustomerFilters';
import { CustomersTable } from '../components/CustomersTable';
import { ErrorMessage } from '../components/ErrorMessage';
import { Pagination } from '../components/Pagination';
import { changeFilters, CustomerListFilters, readFilters, toListQuery, writeFilters } from '../customers/customer-list-params';
import { useApiData } from '../hooks/useApiData';
import { useDebouncedValue } from '../hooks/useDebouncedValue';

export const SEARCH_DEBOUNCE_MS = 300;

/** The customers list: search, filters and pages, all kept in the URL query. */
export function CustomersPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const queryString = searchParams.toString();
  const filters = useMemo(() => readFilters(new URLSearchParams(queryString)), [queryString]);

  const [searchText, setSearchText] = useState(filters.q);
  const debouncedSearch = useDebouncedValue(searchText, SEARCH_DEBOUNCE_MS);

  function update(change: Partial<CustomerListFilters>, replace = false) {
    setSearchParams((current) => writeFilters(changeFilters(readFilters(current), change)), { replace });
  }

  // The typed search reaches the URL (and so the API) once typing pauses.
  useEffect(() => {
    if (debouncedSearch !== filters.q) update({ q: debouncedSearch }, true);
  }, [debouncedSearch]);

  // Back/forward or a link changed the URL's search: show it in the box.
  useEffect(() => {
    if (filters.q !== debouncedSearch) setSearchText(filters.q);
  }, [filters.q]);

  const facets = useApiData((signal) => fetchCustomerFacets(signal), []);
  const customers = useApiData((signal) => listCustomers(toListQuery(filters), signal), [filters]);

  return (
    <section aria-labelledby="customers-title">
      <div className="page-title">
        <h1 id="customers-title">Customers</h1>
        {customers.loading && (
          <span className="loading" role="status">
            Loading…
          </span>
        )}
      </div>
      <CustomerFilters searchText={searchText} onSearchTextChange={setSearchText} filters={filters} facets={facets.data} onChange={(change) => update(change)} />
      <AttributeFilters attributes={filters.attributes} onChange={(attributes) => update({ attributes })} />
      <ErrorMessage error={customers.error ?? facets.error} />
      {customers.data && (
        <>
          {customers.data.items.length > 0 ? (
            <CustomersTable customers={customers.data.items} />
          ) : (
            <p className="empty">No customer matches these filters.</p>
          )}
          <Pagination
            page={customers.data.page}
            pageSize={customers.data.pageSize}
            total={customers.data.total}
            noun={['customer', 'customers']}
            onPageChange={(page) => update({ page })}
          />
        </>
      )}
    </section>
  );
}
