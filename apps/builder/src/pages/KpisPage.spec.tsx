import '@testing-library/jest-dom';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { KpiName, KpisResponse, KpiSeries, SegmentHealthResponse } from '../api/kpis';
import { renderSignedIn } from '../admin/testing/render-signed-in';
import { type FakeCall, type FakeFetch } from '../testing/fake-fetch';
import { KpisPage } from './KpisPage';

const months = ['2011-01', '2011-02', '2011-03', '2011-04'];
const series = (unit: KpiSeries['unit'], values: Array<number | null>): KpiSeries => ({
  unit,
  points: values.map((value, i) => ({ month: months[i], value, numerator: Math.round((value ?? 0) * 100), denominator: 100 })),
  reason: null,
});

const SERIES: Record<KpiName, KpiSeries> = {
  customerRetention: series('share', [0.41, 0.43, 0.4, 0.45]),
  monthlyChurn: series('share', [0.12, 0.1, 0.11, 0.09]),
  emailEngagement: { unit: 'share', points: [], reason: 'No email has been sent yet.' },
  returningCustomerRevenue: series('revenue', [12000, 15000, 14000, 17500]),
  timeToIdentify: series('days', [30, 28, null, 21]),
};

const definitions = { customerRetention: 'r', monthlyChurn: 'c', emailEngagement: 'e', returningCustomerRevenue: 'v', timeToIdentify: 't', purchase: 'p' };

const kpis = (call: FakeCall): { body: KpisResponse } => {
  const flowId = call.query.get('flowId');
  if (!flowId) return { body: { definitions, series: SERIES, comparison: null } };
  const split = { before: { months: 2, mean: 0.42, numerator: 84, denominator: 200 }, after: { months: 2, mean: 0.425, numerator: 85, denominator: 200 } };
  return {
    body: {
      definitions,
      series: SERIES,
      comparison: {
        flowId: Number(flowId),
        flowName: 'Win back',
        publishedAt: '2011-03-10T09:00:00.000Z',
        publishedMonth: '2011-03',
        note: 'Before: months before the month of publication; after: from that month on.',
        kpis: { customerRetention: split, monthlyChurn: split, emailEngagement: null, returningCustomerRevenue: split, timeToIdentify: split },
      },
    },
  };
};

const HEALTH: SegmentHealthResponse = {
  definitions: { week: 'w', size: 's', churnRate: 'c', meanRisk: 'm' },
  segments: [
    {
      segmentId: 3,
      name: 'At Risk',
      weeks: [
        { week: '2011-11-28', size: 40, startSize: 38, entered: 4, exited: 2, churnRate: 2 / 38, meanRisk: 0.61, scored: 40 },
        { week: '2011-12-05', size: 44, startSize: 40, entered: 6, exited: 2, churnRate: 0.05, meanRisk: 0.64, scored: 44 },
      ],
    },
    { segmentId: 4, name: 'Champions', weeks: [{ week: '2011-12-05', size: 90, startSize: 90, entered: 0, exited: 9, churnRate: 0.1, meanRisk: 0.2, scored: 90 }] },
  ],
};

const FLOWS = {
  items: [
    { id: 7, name: 'Win back', status: 'active', currentVersion: 1 },
    { id: 8, name: 'Never published', status: 'draft', currentVersion: null },
  ],
};

describe('KPIs page', () => {
  let fake: FakeFetch;
  afterEach(() => fake.restore());

  const render = () =>
    renderSignedIn('admin', {
      path: '/kpis',
      pattern: '/kpis',
      element: <KpisPage />,
      routes: { 'GET /api/kpis': kpis, 'GET /api/kpis/segments/health': { body: HEALTH }, 'GET /api/flows': { body: FLOWS } },
    });

  it('shows each KPI’s latest value, its change from the month before and its trend, or why it has none', async () => {
    fake = render();
    const retention = await screen.findByTestId('kpi-customerRetention');
    expect(within(retention).getByTestId('kpi-latest')).toHaveTextContent('45.0 %');
    expect(within(retention).getByTestId('kpi-change')).toHaveTextContent('+5.0 pts');
    expect(retention).toHaveTextContent('(better)');
    expect(within(retention).getByRole('img', { name: 'Customer retention (6-month cohort) by month' })).toBeInTheDocument();
    expect(within(screen.getByTestId('kpi-monthlyChurn')).getByTestId('kpi-change')).toHaveTextContent('−2.0 pts');
    expect(screen.getByTestId('kpi-monthlyChurn')).toHaveTextContent('(better)');
    expect(within(screen.getByTestId('kpi-returningCustomerRevenue')).getByTestId('kpi-latest')).toHaveTextContent(/17,?500/);
    // a month without a value is skipped: the change compares the two latest months that have one
    expect(within(screen.getByTestId('kpi-timeToIdentify')).getByTestId('kpi-change')).toHaveTextContent('−7 days');
    expect(screen.getByTestId('kpi-emailEngagement')).toHaveTextContent('No email has been sent yet.');
    expect(screen.getAllByTestId('chart-line')).toHaveLength(4 + 3); // four KPI trends and three segment health charts
    expect(screen.queryByTestId('publication-marker')).not.toBeInTheDocument();
    expect(screen.queryByTestId('replay-banner')).not.toBeInTheDocument(); // an engine without replays answers 404
  });

  it('says so when a replay of historical data feeds the numbers', async () => {
    fake = renderSignedIn('analyst', {
      path: '/kpis',
      pattern: '/kpis',
      element: <KpisPage />,
      routes: {
        'GET /api/kpis': kpis,
        'GET /api/kpis/segments/health': { body: HEALTH },
        'GET /api/flows': { body: FLOWS },
        'GET /api/replays': { body: { items: [{ replay: true, flowId: 9, flowName: 'Replay of Online Retail', from: '2011-09-10T00:00:00.000Z', note: null }] } },
      },
    });
    expect(await screen.findByTestId('replay-banner')).toHaveTextContent('Replay of historical data: no real treatment effect');
    expect(screen.getByTestId('replay-banner')).toHaveTextContent('“Replay of Online Retail” replays the data from');
  });

  it('compares before and after the chosen flow’s publication and marks the month on every trend', async () => {
    fake = render();
    const picker = await screen.findByRole('combobox', { name: /Before and after a flow went live/ });
    await within(picker).findByRole('option', { name: 'Win back' });
    expect(within(picker).queryByRole('option', { name: 'Never published' })).not.toBeInTheDocument();
    await userEvent.selectOptions(picker, 'Win back');
    await waitFor(() => expect(screen.getAllByTestId('publication-marker')).toHaveLength(4));
    expect(fake.callsTo('GET /api/kpis').at(-1)?.query.get('flowId')).toBe('7');
    expect(screen.getByTestId('comparison-note')).toHaveTextContent('“Win back” was first published on');
    expect(within(screen.getByTestId('kpi-customerRetention')).getByTestId('kpi-before-after')).toHaveTextContent('Before “Win back”: 42.0 % a month on average (2 months); after: 42.5 % (2 months).');
  });

  it('shows segment health per segment and week, and switches the charts to another segment', async () => {
    fake = render();
    const table = await screen.findByRole('table', { name: 'Segment health, latest week' });
    const atRisk = within(table).getByRole('row', { name: /At Risk/ });
    expect(atRisk).toHaveTextContent('44');
    expect(atRisk).toHaveTextContent('5.0 %');
    expect(atRisk).toHaveTextContent('0.64');
    expect(screen.getByRole('img', { name: 'At Risk: size per week' })).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Segment' }), 'Champions');
    expect(screen.getByRole('img', { name: 'Champions: churn rate per week' })).toBeInTheDocument();
    expect(fake.callsTo('GET /api/kpis/segments/health')[0].query.get('weeks')).toBe('26');
  });
});
