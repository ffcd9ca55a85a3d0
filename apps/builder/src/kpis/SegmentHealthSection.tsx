import { useState } from 'react';
import type { SegmentHealthResponse } from '../api/kpis';
import { LineChart } from '../charts/LineChart';
import { EMPTY, formatCount, formatDate } from '../format';
import { percent } from '../experiments/experiment-words';

/** Segment health per week: a table of every segment's latest week, and one segment's three trends. */
export function SegmentHealthSection({ health }: { health: SegmentHealthResponse }) {
  const [chosen, setChosen] = useState<number | null>(null);
  if (health.segments.length === 0) return <p className="empty">No segment has a membership history yet.</p>;
  const segment = health.segments.find((s) => s.segmentId === chosen) ?? health.segments[0];
  const weeks = segment.weeks;
  const xTicks = weeks.map((_, i) => i).filter((i) => i % Math.max(1, Math.ceil(weeks.length / 6)) === 0);
  const weekLabel = (i: number) => (weeks[i] ? formatDate(`${weeks[i].week}T00:00:00Z`) : '');
  const series = (value: (week: (typeof weeks)[number]) => number | null) =>
    weeks.flatMap((week, i) => {
      const y = value(week);
      return y === null ? [] : [{ x: i, y }];
    });
  return (
    <>
      <table className="data-table" aria-label="Segment health, latest week">
        <thead>
          <tr>
            <th scope="col">Segment</th>
            <th scope="col">Week of</th>
            <th scope="col">Size</th>
            <th scope="col">Churn rate</th>
            <th scope="col">Mean risk</th>
          </tr>
        </thead>
        <tbody>
          {health.segments.map((s) => {
            const last = s.weeks[s.weeks.length - 1];
            return (
              <tr key={s.segmentId}>
                <th scope="row">{s.name}</th>
                <td>{last ? formatDate(`${last.week}T00:00:00Z`) : EMPTY}</td>
                <td>{last ? formatCount(last.size) : EMPTY}</td>
                <td>{percent(last?.churnRate)}</td>
                <td>{last?.meanRisk === null || last?.meanRisk === undefined ? EMPTY : last.meanRisk.toFixed(2)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <label className="kpi-controls">
        <span>Segment</span>
        <select value={segment.segmentId} onChange={(e) => setChosen(Number(e.target.value))}>
          {health.segments.map((s) => (
            <option key={s.segmentId} value={s.segmentId}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <div className="kpi-grid" data-testid="segment-health-charts">
        <LineChart title={`${segment.name}: size per week`} points={series((w) => w.size)} formatX={weekLabel} formatY={formatCount} xTicks={xTicks} dots={weeks.length < 30} width={460} />
        <LineChart title={`${segment.name}: churn rate per week`} points={series((w) => w.churnRate)} formatX={weekLabel} formatY={(v) => percent(v, 0)} xTicks={xTicks} dots={weeks.length < 30} width={460} />
        <LineChart title={`${segment.name}: mean churn risk per week`} points={series((w) => w.meanRisk)} formatX={weekLabel} formatY={(v) => v.toFixed(2)} xTicks={xTicks} yDomain={[0, 1]} dots={weeks.length < 30} width={460} />
      </div>
    </>
  );
}
