import '@testing-library/jest-dom';
import { render, screen, within } from '@testing-library/react';
import type { KpiComparison, KpiSeries } from '../api/kpis';
import { KpiCard } from './KpiCard';

const SERIES: KpiSeries = {
  unit: 'share',
  points: [
    { month: '2011-08', value: null, numerator: 0, denominator: 0 },
    { month: '2011-09', value: 0.042, numerator: 56, denominator: 1339 },
    { month: '2011-10', value: 0.044, numerator: 5, denominator: 114 },
  ],
  reason: 'Includes a replay of past data: its emails went to a capture server, not to customers, so a real purchase within 7 days after an email counts as a click on it; opens are not known (a click counts as an open).',
};

const none = { months: 0, mean: null, numerator: 0, denominator: 0 };

function comparison(dataTime: boolean): KpiComparison {
  return {
    flowId: 1,
    flowName: 'Replay of Online Retail',
    publishedAt: dataTime ? '2011-09-09T00:00:00.000Z' : '2011-10-03T10:00:00.000Z',
    publishedMonth: dataTime ? '2011-09' : '2011-10',
    dataTime,
    note: 'x',
    kpis: { customerRetention: null, monthlyChurn: null, emailEngagement: { before: none, after: { months: 2, mean: 0.043, numerator: 61, denominator: 1453 } }, returningCustomerRevenue: null, timeToIdentify: null },
  };
}

describe('KpiCard', () => {
  it('marks a replay at its cutoff in data time and says how the replay’s engagement is derived', () => {
    render(<KpiCard name="emailEngagement" series={SERIES} definition="How it is counted" comparison={comparison(true)} />);
    expect(within(screen.getByTestId('publication-marker')).getByText('Replay from 2011-09-09 (data time)')).toBeInTheDocument();
    expect(screen.getByText(/a real purchase within 7 days after an email counts as a click on it; opens are not known/)).toBeInTheDocument();
    expect(screen.getByTestId('kpi-latest')).toHaveTextContent('4.4 %');
  });

  it('marks a live flow at its publication', () => {
    render(<KpiCard name="emailEngagement" series={SERIES} definition="How it is counted" comparison={comparison(false)} />);
    expect(within(screen.getByTestId('publication-marker')).getByText('Replay of Online Retail published')).toBeInTheDocument();
  });
});
