import '@testing-library/jest-dom';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { RfmGrid } from '../api/segments';
import { type FakeFetch } from '../testing/fake-fetch';
import { renderSignedIn } from '../admin/testing/render-signed-in';
import { RfmGridPage } from './RfmGridPage';

const cells: RfmGrid['cells'] = [];
for (let r = 5; r >= 1; r--) for (let fm = 1; fm <= 5; fm++) cells.push({ r, fm, segment: r >= 4 && fm >= 4 ? 'Champions' : r <= 2 && fm >= 4 ? 'At Risk' : 'Others', customers: r * 10 + fm });

const GRID: RfmGrid = {
  asOf: '2011-12-10T12:50:00.000Z',
  scoredCustomers: 547,
  axes: { rows: 'R (5 = most recent)', columns: 'FM = round((F + M) / 2)' },
  cells,
  segments: [
    { segment: 'Champions', description: 'bought recently, buy often and spend the most', cells: [{ r: 5, fm: 5 }], customers: 115 },
    { segment: 'At Risk', description: 'used to buy often, not lately', cells: [{ r: 2, fm: 5 }], customers: 63 },
  ],
};

describe('RFM grid page', () => {
  let fake: FakeFetch;
  afterEach(() => fake.restore());

  it('shows the 5 × 5 counts, the named segments, and highlights a segment’s cells on hover', async () => {
    fake = renderSignedIn('analyst', { path: '/segments/rfm', pattern: '/segments/rfm', element: <RfmGridPage />, routes: { 'GET /api/segmentation/rfm-grid': { body: GRID } } });
    expect(await screen.findByRole('img', { name: 'Customers per RFM cell' })).toBeInTheDocument();
    expect(screen.getByTestId('rfm-summary')).toHaveTextContent('547 customers scored');
    expect(screen.getByTestId('heat-cell-5-5')).toHaveTextContent('55');
    expect(screen.getByTestId('heat-cell-1-1')).toHaveTextContent('11');
    expect(screen.getByTestId('heat-cell-2-5').querySelector('title')).toHaveTextContent('(At Risk)');
    expect(screen.getByRole('rowheader', { name: 'Champions' }).closest('tr')).toHaveTextContent('115');

    await userEvent.hover(screen.getByRole('rowheader', { name: 'At Risk' }));
    expect(screen.getByTestId('heat-cell-2-5')).toHaveClass('highlighted');
    expect(screen.getByTestId('heat-cell-5-5')).not.toHaveClass('highlighted');
    // analysts do not start refreshes
    expect(screen.queryByRole('button', { name: 'Refresh segmentation' })).not.toBeInTheDocument();
  });

  it('lets a marketer start a segmentation refresh', async () => {
    fake = renderSignedIn('marketer', {
      path: '/segments/rfm',
      pattern: '/segments/rfm',
      element: <RfmGridPage />,
      routes: { 'GET /api/segmentation/rfm-grid': { body: GRID }, 'POST /api/segmentation/refresh': { status: 202, body: { running: true, queued: false } } },
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Refresh segmentation' }));
    expect(await screen.findByText(/Refresh started/)).toBeInTheDocument();
    await waitFor(() => expect(fake.callsTo('POST /api/segmentation/refresh')).toHaveLength(1));
  });
});
