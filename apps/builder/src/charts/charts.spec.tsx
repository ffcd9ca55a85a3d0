import '@testing-library/jest-dom';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { BarChart } from './BarChart';
import { HeatGrid } from './HeatGrid';
import { LineChart } from './LineChart';
import { RocChart } from './RocChart';

describe('charts', () => {
  it('a line chart is an image named by its title, with an area, round y ticks and the x labels', () => {
    const { container } = render(
      <LineChart title="Members over time" description="63 members now." points={[{ x: 0, y: 10 }, { x: 1, y: 63 }]} area formatX={(x) => `day ${x}`} xTicks={[0, 1]} width={200} height={100} />,
    );
    const chart = screen.getByRole('img', { name: 'Members over time' });
    expect(chart).toHaveAccessibleDescription('63 members now.');
    expect(within(chart).getByText('day 0')).toBeInTheDocument();
    expect(within(chart).getByText('80')).toBeInTheDocument(); // y runs to the round number above 63
    // left margin 56, right 200-16=184; y: 0..80 onto 60..12 (height 100, margins 12 / 40)
    expect(screen.getByTestId('chart-line')).toHaveAttribute('d', 'M56,54 L184,22.2');
    expect(container.querySelector('.chart-area')).toHaveAttribute('d', 'M56,54 L184,22.2 L184,60 L56,60 Z');
  });

  it('a ROC curve names its AUC and draws the diagonal from (0,0) to (1,1)', () => {
    render(<RocChart points={[{ fpr: 1, tpr: 1 }, { fpr: 0, tpr: 0 }, { fpr: 0.2, tpr: 0.7 }]} auc={0.8123} />);
    expect(screen.getByRole('img', { name: 'ROC curve (AUC 0.812)' })).toBeInTheDocument();
    const diagonal = screen.getByTestId('chart-diagonal');
    // 360 × 320: x 56..344, y 280..12
    expect(diagonal).toHaveAttribute('x1', '56');
    expect(diagonal).toHaveAttribute('y1', '280');
    expect(diagonal).toHaveAttribute('x2', '344');
    expect(diagonal).toHaveAttribute('y2', '12');
    // points are sorted by false positive rate
    expect(screen.getByTestId('chart-line').getAttribute('d')).toMatch(/^M56,280 L113.6,92.4 L344,12$/);
    expect(screen.getByText('False positive rate')).toBeInTheDocument();
  });

  it('a bar chart draws bars in proportion, labelled and valued', () => {
    render(<BarChart title="Importance" bars={[{ label: 'Orders', value: 0.1 }, { label: 'Spend', value: 0.05, valueText: '0.050' }]} width={400} labelWidth={100} />);
    const chart = screen.getByRole('img', { name: 'Importance' });
    const bars = within(chart).getAllByTestId('chart-bar');
    expect(bars).toHaveLength(2);
    expect(within(bars[0]).getByText('Orders')).toBeInTheDocument();
    expect(within(bars[1]).getByText('0.050')).toBeInTheDocument();
    // max 0.1 -> domain [0, 0.1]; bars span 100..330
    expect(bars[0].querySelector('rect')).toHaveAttribute('width', '230');
    expect(bars[1].querySelector('rect')).toHaveAttribute('width', '115');
  });

  it('a heat grid writes each count, darkens the largest, and names cells on hover', async () => {
    const pointed: (string | undefined)[] = [];
    render(
      <HeatGrid
        title="Customers per cell"
        rows={[2, 1]}
        columns={[1, 2]}
        rowLabel="R"
        columnLabel="FM"
        cells={[
          { row: 2, column: 1, value: 5, name: 'New' },
          { row: 2, column: 2, value: 20, name: 'Champions' },
          { row: 1, column: 1, value: 0, name: 'Lost' },
        ]}
        onCellFocus={(cell) => pointed.push(cell?.name)}
      />,
    );
    const champions = screen.getByTestId('heat-cell-2-2');
    expect(champions).toHaveTextContent('20');
    expect(champions.querySelector('title')).toHaveTextContent('R 2, FM 2: 20 (Champions)');
    expect(champions.querySelector('rect')).toHaveAttribute('fill', 'rgb(23, 74, 150)');
    expect(screen.getByTestId('heat-cell-1-1').querySelector('rect')).toHaveAttribute('fill', 'rgb(231, 238, 250)');
    expect(screen.getByTestId('heat-cell-1-2')).toHaveTextContent('0'); // a cell without data counts 0
    await userEvent.hover(champions);
    expect(pointed).toContain('Champions');
  });
});
