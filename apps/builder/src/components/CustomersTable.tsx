import { Link } from 'react-router-dom';
import type { CustomerSummary } from '../api/types';
import { EMPTY, formatDate } from '../format';

/** What to call a customer: name, else email, else external id, else the number. */
export function customerLabel(customer: Pick<CustomerSummary, 'id' | 'name' | 'email' | 'externalId'>): string {
  return customer.name ?? customer.email ?? customer.externalId ?? `Customer ${customer.id}`;
}

export function CustomersTable({ customers }: { customers: CustomerSummary[] }) {
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption className="visually-hidden">Customers</caption>
        <thead>
          <tr>
            <th scope="col">Customer</th>
            <th scope="col">Email</th>
            <th scope="col">External id</th>
            <th scope="col">Country</th>
            <th scope="col">City</th>
            <th scope="col">Plan</th>
            <th scope="col">Email consent</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {customers.map((customer) => (
            <tr key={customer.id}>
              <th scope="row">
                <Link to={`/customers/${customer.id}`}>{customerLabel(customer)}</Link>
              </th>
              <td>{customer.email ?? EMPTY}</td>
              <td>{customer.externalId ?? EMPTY}</td>
              <td>{customer.country ?? EMPTY}</td>
              <td>{customer.city ?? EMPTY}</td>
              <td>{customer.plan ?? EMPTY}</td>
              <td>{customer.emailConsent ? 'Yes' : 'No'}</td>
              <td>{formatDate(customer.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
