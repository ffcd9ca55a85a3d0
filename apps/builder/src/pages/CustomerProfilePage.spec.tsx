import '@testing-library/jest-dom';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import type { CustomerDetail, TimelineItem } from '../api/types';
import { FakeFetch, installFakeFetch } from '../testing/fake-fetch';
import { CustomerProfilePage } from './CustomerProfilePage';

const ADA: CustomerDetail = {
  id: 7,
  externalId: 'u-7',
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  country: 'United Kingdom',
  city: 'London',
  plan: 'pro',
  emailConsent: true,
  attributes: { segment: 'vip', referrals: 3 },
  createdAt: '2024-03-01T10:00:00.000Z',
  age: 36,
  occupation: 'Mathematician',
  signupAt: '2024-02-01T00:00:00.000Z',
  timeZone: 'Europe/London',
  updatedAt: '2024-03-02T10:00:00.000Z',
  aliases: [{ kind: 'userId', value: 'u-7' }],
  summary: { orders: 4, transactionLines: 9, netRevenue: 1234.5, returns: 1, firstPurchaseAt: '2024-03-01T10:00:00.000Z', lastPurchaseAt: '2024-05-01T10:00:00.000Z', events: 12 },
};

const ORDER: TimelineItem = { type: 'event', id: 'e1', at: '2024-05-01T10:00:00.000Z', name: 'Order Completed', properties: { orderId: 'o-1', total: 42 } };
const OLDER: TimelineItem = {
  type: 'transaction', id: 't1', at: '2024-03-01T10:00:00.000Z', invoice: '536365', sku: '85123A', description: 'WHITE HANGING HEART', quantity: 6, unitPrice: 2.55, amount: 15.3, currency: 'GBP', isReturn: false, isCancellation: false,
};

function renderAt(path: string) {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route path="/customers/:id" element={<CustomerProfilePage />} />
      </Routes>
    </MemoryRouter>,
  );
}

describe('customer profile page', () => {
  let fake: FakeFetch;
  afterEach(() => fake.restore());

  it('shows the profile, attributes, figures and the timeline, and loads older entries on demand', async () => {
    fake = installFakeFetch({
      'GET /api/customers/7': { body: ADA },
      'GET /api/customers/7/timeline': (call) =>
        call.query.get('before') ? { body: { items: [OLDER], nextBefore: null } } : { body: { items: [ORDER], nextBefore: ORDER.at } },
    });
    const user = userEvent.setup();
    renderAt('/customers/7');

    expect(await screen.findByRole('heading', { name: 'Ada Lovelace' })).toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'Attributes' })).getByText('vip')).toBeInTheDocument();
    expect(within(screen.getByLabelText('Activity summary')).getByText('Orders').nextSibling).toHaveTextContent('4');
    const timeline = await screen.findByRole('list', { name: 'Timeline' });
    expect(timeline).toHaveTextContent('Order Completed');
    expect(timeline).toHaveTextContent('orderId: o-1');
    expect(fake.callsTo('GET /api/customers/7/timeline')[0].query.get('limit')).toBe('50');

    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByText(/WHITE HANGING HEART/)).toBeInTheDocument();
    expect(fake.callsTo('GET /api/customers/7/timeline')[1].query.get('before')).toBe(ORDER.at);
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('shows the churn risk with its reasons in words, the segment history, and the journeys when the engine has them', async () => {
    fake = installFakeFetch({
      'GET /api/customers/7': { body: ADA },
      'GET /api/customers/7/timeline': { body: { items: [], nextBefore: null } },
      'GET /api/customers/7/score': {
        body: {
          customerId: 7,
          score: 0.765687,
          reasons: [
            { text: 'spent £0 in the last 90 days; typical customers £277', weight: 0.04, feature: 'spendLastWindow' },
            { text: 'only 2 orders so far; typical customers have 3', weight: 0.03, feature: 'frequency' },
          ],
          scoredAt: '2024-06-01T10:00:00.000Z',
          model: { id: 1, algorithm: 'logistic', version: 1, rocAuc: 0.728, population: 'transactions', activatedAt: '2024-06-01T10:00:00.000Z' },
        },
      },
      'GET /api/customers/7/segments': {
        body: {
          customer: { id: 7, externalId: 'u-7', name: 'Ada Lovelace' },
          memberships: [{ enteredAt: '2024-06-01T10:00:00.000Z', segment: { id: 3, name: 'High churn risk', kind: 'scoreBand' } }],
          history: [
            { id: '9', kind: 'entered', at: '2024-06-01T10:00:00.000Z', reason: 'churn risk 0.77 ≥ 0.70', modelVersionId: 1, score: 0.77, segment: { id: 3, name: 'High churn risk', kind: 'scoreBand' } },
            { id: '4', kind: 'exited', at: '2024-05-01T10:00:00.000Z', reason: 'RFM segment is now At Risk', modelVersionId: null, score: null, segment: { id: 2, name: 'Champions', kind: 'rfm' } },
          ],
        },
      },
      'GET /api/customers/7/journeys': {
        body: {
          customerId: 7,
          items: [
            {
              enrollmentId: '11',
              flowId: 4,
              flowName: 'Win back',
              flowVersionId: 9,
              version: 2,
              status: 'waiting',
              currentNodeId: 'wait-3d',
              nextDueAt: '2024-06-05T10:00:00.000Z',
              waitEventName: null,
              enteredAt: '2024-06-02T10:00:00.000Z',
              finishedAt: null,
              lastError: null,
              outcomes: [{ nodeId: 'email-1', kind: 'sent', variantId: 'b', experimentKey: 'x', occurredAt: '2024-06-02T10:01:00.000Z', detail: {} }],
            },
          ],
        },
      },
    });
    renderAt('/customers/7');
    expect(await screen.findByTestId('churn-score')).toHaveTextContent('77%');
    const reasons = screen.getByRole('list', { name: 'Reasons for the churn risk' });
    expect(within(reasons).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['spent £0 in the last 90 days; typical customers £277', 'only 2 orders so far; typical customers have 3']);
    expect(await screen.findByRole('list', { name: 'Current segments' })).toHaveTextContent('High churn risk');
    const history = screen.getByRole('list', { name: 'Segment history' });
    expect(history).toHaveTextContent('exited Champions');
    expect(history).toHaveTextContent('RFM segment is now At Risk');
    const journeys = await screen.findByRole('list', { name: 'Journeys' });
    expect(journeys).toHaveTextContent('Win back v2');
    expect(journeys).toHaveTextContent('at wait-3d');
    expect(journeys).toHaveTextContent('sent at email-1 (b)');
    expect(within(journeys).getByRole('link', { name: 'Win back' })).toHaveAttribute('href', '/flows/4');
  });

  it('says when a customer has no score, and leaves out journeys the engine does not offer', async () => {
    fake = installFakeFetch({
      'GET /api/customers/7': { body: ADA },
      'GET /api/customers/7/timeline': { body: { items: [], nextBefore: null } },
      'GET /api/customers/7/score': { status: 404, body: { statusCode: 404, code: 'NOT_FOUND', message: 'Customer 7 has no churn score yet.' } },
      'GET /api/customers/7/segments': { body: { customer: { id: 7 }, memberships: [], history: [] } },
    });
    renderAt('/customers/7');
    expect(await screen.findByText('Not scored: no active churn model covers this customer yet.')).toBeInTheDocument();
    expect(await screen.findByText('In no segment right now.')).toBeInTheDocument();
    await waitFor(() => expect(fake.callsTo('GET /api/customers/7/journeys')).toHaveLength(1));
    expect(screen.queryByRole('heading', { name: 'Journeys' })).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('says so kindly when there is no such customer', async () => {
    fake = installFakeFetch({
      'GET /api/customers/999': { status: 404, body: { statusCode: 404, code: 'NOT_FOUND', message: 'Customer 999 does not exist.' } },
      'GET /api/customers/999/timeline': { status: 404, body: { statusCode: 404, code: 'NOT_FOUND', message: 'Customer 999 does not exist.' } },
    });
    renderAt('/customers/999');
    expect(await screen.findByRole('heading', { name: 'No such customer' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to the customers' })).toHaveAttribute('href', '/customers');
  });
});
