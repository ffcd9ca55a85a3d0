import { useId } from 'react';
import { linearScale, niceDomainFromZero } from './scales';
import './charts.css';

export interface Bar {
  label: string;
  value: number;
  /** Shown at the end of the bar; defaults to formatValue(value). */
  valueText?: string;
}

export interface BarChartProps {
  title: string;
  bars: readonly Bar[];
  formatValue?(value: number): string;
  width?: number;
  /** Height of one bar's row. */
  rowHeight?: number;
  labelWidth?: number;
}

/** Horizontal bars, one row per item, labelled on the left and valued on the right. */
export function BarChart({ title, bars, formatValue = String, width = 560, rowHeight = 26, labelWidth = 200 }: BarChartProps) {
  const id = useId();
  const valueWidth = 70;
  const height = Math.max(1, bars.length) * rowHeight + 8;
  const max = niceDomainFromZero(Math.max(0, ...bars.map((b) => b.value)))[1];
  const x = linearScale([0, max], [labelWidth, width - valueWidth]);
  return (
    <figure className="chart">
      <figcaption id={`${id}-title`} className="chart-title">
        {title}
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} style={{ maxWidth: width }} role="img" aria-labelledby={`${id}-title`}>
        {bars.map((bar, i) => {
          const top = 4 + i * rowHeight;
          const barWidth = Math.max(0, x(Math.max(0, bar.value)) - labelWidth);
          const text = bar.valueText ?? formatValue(bar.value);
          return (
            <g key={`${bar.label}-${i}`} className="chart-bar-row" data-testid="chart-bar">
              <title>{`${bar.label}: ${text}`}</title>
              <text className="chart-bar-label" x={labelWidth - 8} y={top + rowHeight / 2} textAnchor="end" dominantBaseline="middle">
                {bar.label}
              </text>
              <rect className="chart-bar" x={labelWidth} y={top + 3} width={barWidth} height={rowHeight - 8} rx={2} />
              <text className="chart-bar-value" x={labelWidth + barWidth + 6} y={top + rowHeight / 2} dominantBaseline="middle">
                {text}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
