import '@testing-library/jest-dom';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FactCatalogue, Segment } from '../api/segments';
import { renderSignedIn } from '../admin/testing/render-signed-in';
import { type FakeFetch } from '../testing/fake-fetch';
import { SegmentDetailPage } from './SegmentDetailPage';
import { SegmentEditPage } from './SegmentEditPage';
import { SegmentsPage } from './SegmentsPage';

const AT_RISK: Segment = {
  id: 1,
  name: 'At Risk',
  description: 'RFM: used to buy often, not lately',
  kind: 'rfm',
  definition: { segments: ['At Risk'] },
  size: 63,
  createdById: 1,
  createdAt: '2026-12-01T11:13:36.921Z',
  updatedAt: '2026-12-01T11:13:36.921Z',
  lastRefreshedAt: '2026-12-01T11:13:36.952Z',
  archivedAt: null,
};
const HIGH_RISK: Segment = { ...AT_RISK, id: 3, name: 'High churn risk', kind: 'scoreBand', definition: { model: 'churn', min: 0.7 }, size: 39 };

const member = (id: number) => ({ customerId: id, enteredAt: '2026-12-01T11:13:36.952Z', externalId: String(12000 + id), email: null, name: null, country: 'United Kingdom', city: null, plan: null });
const detailRoutes = {
  'GET /api/segments/1': { body: AT_RISK },
  'GET /api/segments/1/members': (call: { query: URLSearchParams }) => ({ body: { items: call.query.get('page') === '2' ? [member(99)] : [member(14), member(17)], total: 26, page: Number(call.query.get('page')), pageSize: 25, modelVersionId: null } }),
  'GET /api/segments/1/size-history': { body: { segmentId: 1, days: [{ day: '2026-11-30', entered: 0, exited: 0, net: 0, size: 0 }, { day: '2026-12-01', entered: 63, exited: 0, net: 63, size: 63 }] } },
  'GET /api/segments/1/history': {
    body: { items: [{ id: '63', kind: 'entered', at: '2026-12-01T11:13:36.952Z', reason: 'RFM segment At Risk (R 2, F 4, M 4)', modelVersionId: null, score: null, customerId: 14, externalId: '12872', name: null, email: null }], nextBefore: null },
  },
};

describe('segment screens', () => {
  let fake: FakeFetch;
  afterEach(() => fake.restore());

  it('lists segments with kind, size and last refresh; analysts get no edit controls', async () => {
    fake = renderSignedIn('analyst', { path: '/segments', pattern: '/segments', element: <SegmentsPage />, routes: { 'GET /api/segments': { body: [AT_RISK, HIGH_RISK] } } });
    const row = (await screen.findByRole('link', { name: 'High churn risk' })).closest('tr')!;
    expect(row).toHaveTextContent('Score band');
    expect(row).toHaveTextContent('39');
    expect(row).toHaveTextContent('churn risk at least 70% (active model)');
    expect(screen.queryByRole('link', { name: 'New segment' })).not.toBeInTheDocument();
  });

  it('shows a segment’s members (paged, linking to profiles), its size over time and entries with reasons', async () => {
    fake = renderSignedIn('marketer', { path: '/segments/1', pattern: '/segments/:id', element: <SegmentDetailPage />, routes: detailRoutes });
    expect(await screen.findByRole('heading', { name: 'At Risk', level: 1 })).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: '12014' })).toHaveAttribute('href', '/customers/14');
    expect(screen.getByRole('img', { name: 'Members over the last 2 days' })).toHaveAccessibleDescription('63 members now; 63 entered and 0 exited in the window.');
    expect(await screen.findByRole('list', { name: 'Entries and exits' })).toHaveTextContent('RFM segment At Risk (R 2, F 4, M 4)');
    expect(screen.getByRole('button', { name: 'Refresh now' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Edit' })).toHaveAttribute('href', '/segments/1/edit');

    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByRole('link', { name: '12099' })).toBeInTheDocument();
  });

  it('refreshes a segment on demand', async () => {
    fake = renderSignedIn('admin', { path: '/segments/1', pattern: '/segments/:id', element: <SegmentDetailPage />, routes: { ...detailRoutes, 'POST /api/segments/1/refresh': { body: { results: [], segment: AT_RISK } } } });
    await userEvent.click(await screen.findByRole('button', { name: 'Refresh now' }));
    await waitFor(() => expect(fake.callsTo('POST /api/segments/1/refresh')).toHaveLength(1));
    await waitFor(() => expect(fake.callsTo('GET /api/segments/1').length).toBeGreaterThan(1));
  });

  it('an analyst sees the segment without refresh, edit or archive', async () => {
    fake = renderSignedIn('analyst', { path: '/segments/1', pattern: '/segments/:id', element: <SegmentDetailPage />, routes: detailRoutes });
    expect(await screen.findByRole('heading', { name: 'At Risk', level: 1 })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Refresh now' })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Edit' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Archive' })).not.toBeInTheDocument();
  });

  it('creates a rule segment with the condition builder, after a preview', async () => {
    const catalogue: FactCatalogue = {
      attributePrefix: 'attributes.',
      facts: [
        { name: 'country', type: 'text', group: 'customer', label: 'Country' },
        { name: 'features.monetary', type: 'number', group: 'features', label: 'Net revenue' },
      ],
      segments: [],
    };
    fake = renderSignedIn('marketer', {
      path: '/segments/new',
      pattern: '/segments/new',
      element: <SegmentEditPage />,
      routes: {
        'GET /api/segments/facts': { body: catalogue },
        'GET /api/segmentation/rfm-grid': { body: { asOf: null, scoredCustomers: 0, axes: { rows: '', columns: '' }, cells: [], segments: [] } },
        'GET /api/segmentation/clusters': { status: 404, body: { statusCode: 404, code: 'NOT_FOUND', message: 'none' } },
        'POST /api/segments/preview': { body: { count: 42, evaluated: 551, sample: [], ms: 3 } },
        'POST /api/segments': { status: 201, body: { ...AT_RISK, id: 9, name: 'Big spenders', kind: 'rule' } },
      },
    });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Name'), 'Big spenders');
    await user.click(await screen.findByRole('button', { name: 'Add rule' }));
    const row = screen.getByRole('group', { name: 'Rule 1' });
    await user.selectOptions(within(row).getByLabelText('Rule 1 field'), 'features.monetary');
    await user.selectOptions(within(row).getByLabelText('Rule 1 operator'), 'greaterThan');
    await user.clear(within(row).getByLabelText('Rule 1 value'));
    await user.type(within(row).getByLabelText('Rule 1 value'), '2000');
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    expect(await screen.findByTestId('segment-preview')).toHaveTextContent('42 of 551 customers match today.');
    await user.click(screen.getByRole('button', { name: 'Create segment' }));
    await waitFor(() => expect(fake.callsTo('POST /api/segments')).toHaveLength(1));
    expect(fake.callsTo('POST /api/segments')[0].body).toEqual({
      kind: 'rule',
      name: 'Big spenders',
      description: null,
      definition: { condition: { all: [{ fact: 'features.monetary', operator: 'greaterThan', value: 2000 }] } },
    });
    expect(await screen.findByText('Elsewhere')).toBeInTheDocument(); // went on to the new segment's page
  });

  it('shows the engine’s reason when a segment cannot be saved', async () => {
    fake = renderSignedIn('admin', {
      path: '/segments/new',
      pattern: '/segments/new',
      element: <SegmentEditPage />,
      routes: {
        'GET /api/segments/facts': { body: { attributePrefix: 'attributes.', facts: [], segments: [] } },
        'GET /api/segmentation/rfm-grid': { body: { asOf: null, scoredCustomers: 0, axes: { rows: '', columns: '' }, cells: [], segments: [{ segment: 'Champions', description: '', cells: [], customers: 3 }] } },
        'GET /api/segmentation/clusters': { status: 404, body: { statusCode: 404, code: 'NOT_FOUND', message: 'none' } },
        'POST /api/segments': { status: 409, body: { statusCode: 409, code: 'CONFLICT', message: 'A segment named “Champions” already exists; choose another name.' } },
      },
    });
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByLabelText('Kind'), 'rfm');
    await user.type(screen.getByLabelText('Name'), 'Champions');
    await user.click(await screen.findByLabelText(/Champions/));
    await user.click(screen.getByRole('button', { name: 'Create segment' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('already exists');
    expect(fake.callsTo('POST /api/segments')[0].body).toMatchObject({ kind: 'rfm', definition: { segments: ['Champions'] } });
  });

  it('creates an RFM segment from cells of the grid', async () => {
    const cells = [{ r: 1, fm: 5, segment: "Can't Lose Them", customers: 12 }];
    fake = renderSignedIn('marketer', {
      path: '/segments/new',
      pattern: '/segments/new',
      element: <SegmentEditPage />,
      routes: {
        'GET /api/segments/facts': { body: { attributePrefix: 'attributes.', facts: [], segments: [] } },
        'GET /api/segmentation/rfm-grid': { body: { asOf: null, scoredCustomers: 12, axes: { rows: '', columns: '' }, cells, segments: [] } },
        'GET /api/segmentation/clusters': { status: 404, body: { statusCode: 404, code: 'NOT_FOUND', message: 'none' } },
        'POST /api/segments': { status: 201, body: { ...AT_RISK, id: 10 } },
      },
    });
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByLabelText('Kind'), 'rfm');
    await user.type(screen.getByLabelText('Name'), 'Lapsed big spenders');
    await user.click(screen.getByLabelText('cells of the grid'));
    await user.click(await screen.findByLabelText("R 1, FM 5 (Can't Lose Them, 12)"));
    await user.click(screen.getByRole('button', { name: 'Create segment' }));
    await waitFor(() => expect(fake.callsTo('POST /api/segments')).toHaveLength(1));
    expect(fake.callsTo('POST /api/segments')[0].body).toMatchObject({ kind: 'rfm', definition: { cells: [{ r: 1, fm: 5 }] } });
  });

  it('replaces a manual segment’s list with the pasted ids', async () => {
    const manual: Segment = { ...AT_RISK, id: 5, name: 'Hand-picked', kind: 'manual', definition: { customerIds: [3, 4] }, size: 2 };
    fake = renderSignedIn('marketer', {
      path: '/segments/5/edit',
      pattern: '/segments/:id/edit',
      element: <SegmentEditPage />,
      routes: {
        'GET /api/segments/5': { body: manual },
        'GET /api/segments/facts': { body: { attributePrefix: 'attributes.', facts: [], segments: [] } },
        'GET /api/segmentation/rfm-grid': { body: { asOf: null, scoredCustomers: 0, axes: { rows: '', columns: '' }, cells: [], segments: [] } },
        'GET /api/segmentation/clusters': { status: 404, body: { statusCode: 404, code: 'NOT_FOUND', message: 'none' } },
        'PATCH /api/segments/5': { body: manual },
        'PUT /api/segments/5/members': { body: manual },
      },
    });
    const user = userEvent.setup();
    const ids = await screen.findByLabelText(/Customers \(one id per line/);
    expect(ids).toHaveValue('3\n4');
    await user.click(screen.getByLabelText('external ids'));
    await user.clear(ids);
    await user.type(ids, '12872, 13000');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(fake.callsTo('PUT /api/segments/5/members')).toHaveLength(1));
    expect(fake.callsTo('PUT /api/segments/5/members')[0].body).toEqual({ externalIds: ['12872', '13000'] });
    expect(fake.callsTo('PATCH /api/segments/5')[0].body).toEqual({ name: 'Hand-picked', description: 'RFM: used to buy often, not lately' });
  });
});
