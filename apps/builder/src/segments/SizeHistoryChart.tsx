import type { SizeDay } from '../api/segments';
import { LineChart } from '../charts/LineChart';
import { formatCount, formatDate } from '../format';

const DAY_MS = 86_400_000;

/** Members at the end of each day, as an area over time. */
export function SizeHistoryChart({ days }: { days: readonly SizeDay[] }) {
  const points = days.map((d) => ({ x: Date.parse(`${d.day}T00:00:00Z`), y: d.size }));
  const entered = days.reduce((sum, d) => sum + d.entered, 0);
  const exited = days.reduce((sum, d) => sum + d.exited, 0);
  const first = points[0]?.x ?? 0;
  const last = points[points.length - 1]?.x ?? 0;
  const ticks = points.length > 1 ? [first, first + Math.round((last - first) / 2 / DAY_MS) * DAY_MS, last] : [first];
  return (
    <LineChart
      title={`Members over the last ${days.length} days`}
      description={`${formatCount(points[points.length - 1]?.y ?? 0)} members now; ${formatCount(entered)} entered and ${formatCount(exited)} exited in the window.`}
      points={points}
      area
      formatX={(x) => formatDate(new Date(x).toISOString())}
      formatY={(y) => formatCount(y)}
      xTicks={ticks}
      yLabel="Members"
      width={900}
      height={220}
    />
  );
}
