import { useId } from 'react';
import { areaPath, linearScale, linePath, niceDomainFromZero, niceTicks } from './scales';
import './charts.css';

export interface LinePoint {
  x: number;
  y: number;
}

export interface LineChartProps {
  /** Read by screen readers and shown above the chart. */
  title: string;
  /** A sentence that says what the chart shows in numbers (screen readers read it). */
  description?: string;
  points: readonly LinePoint[];
  xLabel?: string;
  yLabel?: string;
  formatX?(x: number): string;
  formatY?(y: number): string;
  /** Fill under the line (membership over time). */
  area?: boolean;
  /** Fixed domains; by default x spans the data and y runs from 0 to a round number above the maximum. */
  xDomain?: [number, number];
  yDomain?: [number, number];
  /** Draw the y = x line (ROC, calibration). */
  diagonal?: boolean;
  /** Mark each point with a dot (few points, e.g. deciles or k). */
  dots?: boolean;
  width?: number;
  height?: number;
  xTicks?: number[];
}

const MARGIN = { top: 12, right: 16, bottom: 40, left: 56 };

/** Labels near the right edge end at their tick, so they stay inside the chart. */
function tickAnchor(px: number, width: number): 'middle' | 'end' {
  return px > width - MARGIN.right - 40 ? 'end' : 'middle';
}

/** A line (or area) chart over numeric x, drawn in SVG with axes and round ticks. */
export function LineChart({
  title,
  description,
  points,
  xLabel,
  yLabel,
  formatX = String,
  formatY = String,
  area = false,
  xDomain,
  yDomain,
  diagonal = false,
  dots = false,
  width = 560,
  height = 240,
  xTicks,
}: LineChartProps) {
  const id = useId();
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const xd: [number, number] = xDomain ?? (points.length ? [Math.min(...xs), Math.max(...xs)] : [0, 1]);
  const yd: [number, number] = yDomain ?? niceDomainFromZero(points.length ? Math.max(...ys) : 0);
  const x = linearScale(xd, [MARGIN.left, width - MARGIN.right]);
  const y = linearScale(yd, [height - MARGIN.bottom, MARGIN.top]);
  const pixels = points.map((p) => ({ x: x(p.x), y: y(p.y) }));
  const yTickValues = niceTicks(yd[0], yd[1], 4);
  const xTickValues = [...new Set(xTicks ?? niceTicks(xd[0], xd[1], 5))];

  return (
    <figure className="chart">
      <figcaption id={`${id}-title`} className="chart-title">
        {title}
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} style={{ maxWidth: width }} role="img" aria-labelledby={`${id}-title`} aria-describedby={description ? `${id}-desc` : undefined}>
        {description && <desc id={`${id}-desc`}>{description}</desc>}
        <g className="chart-grid">
          {yTickValues.map((t) => (
            <line key={t} x1={MARGIN.left} x2={width - MARGIN.right} y1={y(t)} y2={y(t)} />
          ))}
        </g>
        <g className="chart-axis" aria-hidden="true">
          <line x1={MARGIN.left} x2={MARGIN.left} y1={MARGIN.top} y2={height - MARGIN.bottom} />
          <line x1={MARGIN.left} x2={width - MARGIN.right} y1={height - MARGIN.bottom} y2={height - MARGIN.bottom} />
          {yTickValues.map((t) => (
            <text key={t} x={MARGIN.left - 6} y={y(t)} textAnchor="end" dominantBaseline="middle">
              {formatY(t)}
            </text>
          ))}
          {xTickValues.map((t) => (
            <text key={t} x={x(t)} y={height - MARGIN.bottom + 16} textAnchor={tickAnchor(x(t), width)}>
              {formatX(t)}
            </text>
          ))}
          {xLabel && (
            <text className="chart-axis-label" x={(MARGIN.left + width - MARGIN.right) / 2} y={height - 4} textAnchor="middle">
              {xLabel}
            </text>
          )}
          {yLabel && (
            <text className="chart-axis-label" transform={`translate(14 ${(MARGIN.top + height - MARGIN.bottom) / 2}) rotate(-90)`} textAnchor="middle">
              {yLabel}
            </text>
          )}
        </g>
        {diagonal && <line className="chart-diagonal" x1={x(xd[0])} y1={y(yd[0])} x2={x(xd[1])} y2={y(yd[1])} data-testid="chart-diagonal" />}
        {area && pixels.length > 1 && <path className="chart-area" d={areaPath(pixels, y(yd[0]))} />}
        {pixels.length > 0 && <path className="chart-line" d={linePath(pixels)} data-testid="chart-line" />}
        {dots &&
          pixels.map((p, i) => (
            <circle key={i} className="chart-dot" cx={p.x} cy={p.y} r={3.5}>
              <title>{`${formatX(points[i].x)}: ${formatY(points[i].y)}`}</title>
            </circle>
          ))}
      </svg>
    </figure>
  );
}
