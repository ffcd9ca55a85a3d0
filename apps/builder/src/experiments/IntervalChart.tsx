import { useId } from 'react';
import { linearScale, niceTicks } from '../charts/scales';
import '../charts/charts.css';
import './results.css';

export interface IntervalRow {
  label: string;
  /** Null: nothing to draw (an empty arm, or the control in a lift chart). */
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  /** Shown right of the row. */
  valueText: string;
}

export interface IntervalChartProps {
  title: string;
  rows: readonly IntervalRow[];
  format(value: number): string;
  /** Bars from 0 (rates) or a dot on a line through 0 (lifts). */
  style: 'bar' | 'dot';
  width?: number;
}

const ROW = 30;
const LABEL_WIDTH = 150;
const VALUE_WIDTH = 150;

/**
 * Horizontal rows, one per arm, each an estimate with its confidence interval as a whisker: the
 * uncertainty is drawn, not only written, so nobody reads a small difference as a winner.
 */
export function IntervalChart({ title, rows, format, style, width = 620 }: IntervalChartProps) {
  const id = useId();
  const axisHeight = 22;
  const height = Math.max(1, rows.length) * ROW + axisHeight + 4;
  const values = rows.flatMap((row) => [row.estimate, row.lower, row.upper]).filter((v): v is number => v !== null && Number.isFinite(v));
  const low = Math.min(0, ...values);
  const high = Math.max(0, ...values);
  const ticks = niceTicks(low, high === low ? low + 1 : high, 4);
  const domain: [number, number] = [Math.min(low, ticks[0] ?? low), Math.max(high === low ? low + 1 : high, ticks[ticks.length - 1] ?? high)];
  const x = linearScale(domain, [LABEL_WIDTH, width - VALUE_WIDTH]);
  const bottom = rows.length * ROW + 4;
  return (
    <figure className="chart">
      <figcaption id={`${id}-title`} className="chart-title">
        {title}
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} style={{ maxWidth: width }} role="img" aria-labelledby={`${id}-title`}>
        <g className="chart-grid">
          {ticks.map((t) => (
            <line key={t} x1={x(t)} x2={x(t)} y1={0} y2={bottom} />
          ))}
        </g>
        <line className="interval-zero" x1={x(0)} x2={x(0)} y1={0} y2={bottom} />
        <g className="chart-axis" aria-hidden="true">
          {ticks.map((t) => (
            <text key={t} x={x(t)} y={bottom + 14} textAnchor="middle">
              {format(t)}
            </text>
          ))}
        </g>
        {rows.map((row, i) => {
          const middle = 4 + i * ROW + ROW / 2;
          return (
            <g key={`${row.label}-${i}`} className="chart-bar-row" data-testid="interval-row">
              <title>{`${row.label}: ${row.valueText}`}</title>
              <text className="chart-bar-label" x={LABEL_WIDTH - 8} y={middle} textAnchor="end" dominantBaseline="middle">
                {row.label}
              </text>
              {row.estimate !== null && style === 'bar' && (
                <rect className="chart-bar" x={Math.min(x(0), x(row.estimate))} y={middle - 9} width={Math.abs(x(row.estimate) - x(0))} height={18} rx={2} />
              )}
              {row.lower !== null && row.upper !== null && (
                <g className="interval-whisker">
                  <line x1={x(row.lower)} x2={x(row.upper)} y1={middle} y2={middle} />
                  <line x1={x(row.lower)} x2={x(row.lower)} y1={middle - 6} y2={middle + 6} />
                  <line x1={x(row.upper)} x2={x(row.upper)} y1={middle - 6} y2={middle + 6} />
                </g>
              )}
              {row.estimate !== null && style === 'dot' && <circle className="interval-dot" cx={x(row.estimate)} cy={middle} r={5} />}
              <text className="chart-bar-value" x={width - VALUE_WIDTH + 8} y={middle} dominantBaseline="middle">
                {row.valueText}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
