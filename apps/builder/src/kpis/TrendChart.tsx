import { useId } from 'react';
import type { KpiPoint, KpiSeries } from '../api/kpis';
import { linearScale, linePath, niceDomainFromZero, niceTicks } from '../charts/scales';
import '../charts/charts.css';
import '../experiments/results.css';
import { formatKpi, monthWords } from './kpi-words';

interface TrendChartProps {
  title: string;
  points: readonly KpiPoint[];
  unit: KpiSeries['unit'];
  /** "YYYY-MM": a dashed line where a flow was published. */
  markerMonth?: string | null;
  markerLabel?: string;
  width?: number;
  height?: number;
}

const MARGIN = { top: 16, right: 16, bottom: 36, left: 64 };

/** A KPI month by month (one dot per month with a value), with an optional publication marker. */
export function TrendChart({ title, points, unit, markerMonth, markerLabel = 'published', width = 520, height = 220 }: TrendChartProps) {
  const id = useId();
  const months = points.map((p) => p.month);
  const valued = points.map((p, index) => ({ index, value: p.value })).filter((p): p is { index: number; value: number } => p.value !== null);
  const yd = niceDomainFromZero(valued.length ? Math.max(...valued.map((p) => p.value)) : 0, 4);
  const x = linearScale([0, Math.max(1, months.length - 1)], [MARGIN.left, width - MARGIN.right]);
  const y = linearScale(yd, [height - MARGIN.bottom, MARGIN.top]);
  const pixels = valued.map((p) => ({ x: x(p.index), y: y(p.value) }));
  const step = Math.max(1, Math.ceil(months.length / 6));
  const last = months.length - 1;
  // Every step-th month and the last one, without a tick so close to the last that their labels overlap.
  const xTicks = months.map((_, i) => i).filter((i) => i === last || (i % step === 0 && last - i >= step));
  // The marker sits at the publication month, or at the edge when it falls outside the data.
  const markerIndex = markerMonth ? markerPosition(months, markerMonth) : null;
  const description = valued.length
    ? `${valued.length} months from ${monthWords(months[0])} to ${monthWords(months[months.length - 1])}; latest ${formatKpi(valued[valued.length - 1].value, unit)}.`
    : 'No values yet.';
  return (
    <figure className="chart">
      <figcaption id={`${id}-title`} className="chart-title visually-hidden">
        {title}
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} style={{ maxWidth: width }} role="img" aria-labelledby={`${id}-title`} aria-describedby={`${id}-desc`}>
        <desc id={`${id}-desc`}>{description}</desc>
        <g className="chart-grid">
          {niceTicks(yd[0], yd[1], 4).map((t) => (
            <line key={t} x1={MARGIN.left} x2={width - MARGIN.right} y1={y(t)} y2={y(t)} />
          ))}
        </g>
        <g className="chart-axis" aria-hidden="true">
          <line x1={MARGIN.left} x2={MARGIN.left} y1={MARGIN.top} y2={height - MARGIN.bottom} />
          <line x1={MARGIN.left} x2={width - MARGIN.right} y1={height - MARGIN.bottom} y2={height - MARGIN.bottom} />
          {niceTicks(yd[0], yd[1], 4).map((t) => (
            <text key={t} x={MARGIN.left - 6} y={y(t)} textAnchor="end" dominantBaseline="middle">
              {formatKpi(t, unit)}
            </text>
          ))}
          {xTicks.map((i) => (
            <text key={i} x={x(i)} y={height - MARGIN.bottom + 16} textAnchor={x(i) > width - MARGIN.right - 40 ? 'end' : 'middle'}>
              {monthWords(months[i])}
            </text>
          ))}
        </g>
        {markerIndex !== null && (
          <g data-testid="publication-marker">
            <line className="kpi-marker" x1={x(markerIndex)} x2={x(markerIndex)} y1={MARGIN.top - 6} y2={height - MARGIN.bottom} />
            <text className="kpi-marker-label" x={x(markerIndex) + (x(markerIndex) > width / 2 ? -4 : 4)} y={MARGIN.top - 4} textAnchor={x(markerIndex) > width / 2 ? 'end' : 'start'}>
              {markerLabel}
            </text>
          </g>
        )}
        {pixels.length > 0 && <path className="chart-line" d={linePath(pixels)} data-testid="chart-line" />}
        {valued.map((p) => (
          <circle key={p.index} className="chart-dot" cx={x(p.index)} cy={y(p.value)} r={2.5}>
            <title>{`${monthWords(months[p.index])}: ${formatKpi(p.value, unit)}`}</title>
          </circle>
        ))}
      </svg>
    </figure>
  );
}

function markerPosition(months: readonly string[], month: string): number | null {
  if (months.length === 0) return null;
  const exact = months.indexOf(month);
  if (exact >= 0) return exact;
  if (month < months[0]) return 0;
  if (month > months[months.length - 1]) return months.length - 1;
  return months.findIndex((m) => m > month); // a month without data between two with data
}
