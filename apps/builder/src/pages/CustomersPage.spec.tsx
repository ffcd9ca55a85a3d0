import '@testing-library/jest-dom';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import type { CustomerSummary } from '../api/types';
import { FakeCall, FakeFetch, installFakeFetch } from '../testing/fake-fetch';
import { CustomersPage } from './CustomersPage';

function customer(id: number, name: string, email: string, country: string, plan: string): CustomerSummary {
  return { id, externalId: `u-${id}`, email, name, country, city: null, plan, emailConsent: true, attributes: {}, createdAt: '2024-03-01T10:00:00.000Z' };
}

const CUSTOMERS = [
  customer(1, 'Ada Lovelace', 'ada@example.com', 'United Kingdom', 'pro'),
  customer(2, 'Grace Hopper', 'grace@example.com', 'United States', 'basic'),
  customer(3, 'Alan Turing', 'alan@example.com', 'United Kingdom', 'basic'),
];

/** Filters the three customers the way the engine would, for the parameters the test uses. */
function listAnswer(call: FakeCall) {
  const q = (call.query.get('q') ?? '').toLowerCase();
  const country = call.query.get('country');
  const items = CUSTOMERS.filter((c) => (!q || `${c.name} ${c.email}`.toLowerCase().includes(q)) && (!country || c.country === country));
  return { body: { items, total: items.length, page: Number(call.query.get('page')), pageSize: Number(call.query.get('pageSize')) } };
}

function CurrentUrl() {
  const location = useLocation();
  return <output data-testid="url">{`${location.pathname}${location.search}`}</output>;
}

function renderAt(path: string) {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route path="/customers" element={<CustomersPage />} />
        <Route path="/customers/:id" element={<p>profile page</p>} />
      </Routes>
      <CurrentUrl />
    </MemoryRouter>,
  );
}

describe('customers page', () => {
  let fake: FakeFetch;
  beforeEach(() => {
    fake = installFakeFetch({
      'GET /api/customers': listAnswer,
      'GET /api/customers/facets': {
        body: { countries: [{ value: 'United Kingdom', count: 2 }, { value: 'United States', count: 1 }], plans: [{ value: 'basic', count: 2 }, { value: 'pro', count: 1 }] },
      },
    });
  });
  afterEach(() => fake.restore());

  it('lists the customers with a link to each profile and the total', async () => {
    renderAt('/customers');
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    expect(within(rows[0]).getByRole('link', { name: 'Ada Lovelace' })).toHaveAttribute('href', '/customers/1');
    expect(within(rows[1]).getByText('grace@example.com')).toBeInTheDocument();
    expect(screen.getByTestId('result-count')).toHaveTextContent('Showing 1–3 of 3 customers');
    expect(fake.callsTo('GET /api/customers')[0].query.toString()).toBe('page=1&pageSize=25');
    expect(await screen.findByRole('option', { name: 'United Kingdom (2)' })).toBeInTheDocument();
  });

  it('searches with q once typing pauses, and keeps the search in the URL', async () => {
    const user = userEvent.setup();
    renderAt('/customers');
    await screen.findByRole('link', { name: 'Grace Hopper' });

    await user.type(screen.getByLabelText('Search'), 'grace');

    await waitFor(() => expect(fake.callsTo('GET /api/customers').some((c) => c.query.get('q') === 'grace')).toBe(true));
    // Debounced: no request for the half-typed words.
    expect(fake.callsTo('GET /api/customers').map((c) => c.query.get('q'))).toEqual([null, 'grace']);
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Ada Lovelace' })).not.toBeInTheDocument());
    expect(screen.getByRole('link', { name: 'Grace Hopper' })).toBeInTheDocument();
    expect(screen.getByTestId('url')).toHaveTextContent('/customers?q=grace');
  });

  it('reads its filters from the URL and sends them to the API', async () => {
    renderAt('/customers?country=United+Kingdom&plan=basic&emailConsent=false&attr.segment=vip&page=2');
    await waitFor(() => expect(fake.callsTo('GET /api/customers')).toHaveLength(1));
    const query = fake.callsTo('GET /api/customers')[0].query;
    expect(Object.fromEntries(query)).toEqual({ page: '2', pageSize: '25', country: 'United Kingdom', plan: 'basic', emailConsent: 'false', 'attr.segment': 'vip' });
    expect(screen.getByLabelText('Country')).toHaveValue('United Kingdom');
    expect(screen.getByLabelText('Email consent')).toHaveValue('false');
    expect(screen.getByText('segment = vip')).toBeInTheDocument();
  });

  it('filters by country from the dropdown and goes back to page 1', async () => {
    const user = userEvent.setup();
    renderAt('/customers?page=3');
    await screen.findByRole('option', { name: 'United States (1)' });
    await user.selectOptions(screen.getByLabelText('Country'), 'United States');
    await waitFor(() => expect(screen.getByTestId('url')).toHaveTextContent('/customers?country=United+States'));
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Ada Lovelace' })).not.toBeInTheDocument());
    const last = fake.callsTo('GET /api/customers').at(-1)!;
    expect(last.query.get('country')).toBe('United States');
    expect(last.query.get('page')).toBe('1');
  });

  it("shows the server's message when the list cannot be read", async () => {
    fake.restore();
    fake = installFakeFetch({
      'GET /api/customers': { status: 400, body: { statusCode: 400, code: 'VALIDATION_FAILED', message: 'pageSize must be at most 200.', details: [{ path: 'pageSize', message: 'pageSize: at most 200' }] } },
      'GET /api/customers/facets': { body: { countries: [], plans: [] } },
    });
    renderAt('/customers');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('pageSize must be at most 200.');
    expect(alert).toHaveTextContent('pageSize: at most 200');
  });
});
