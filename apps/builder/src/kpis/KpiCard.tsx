import type { KpiComparison, KpiName, KpiSeries } from '../api/kpis';
import { formatCount } from '../format';
import { formatKpi, formatKpiChange, KPI_TITLES, LOWER_IS_BETTER, monthWords } from './kpi-words';
import { TrendChart } from './TrendChart';

interface KpiCardProps {
  name: KpiName;
  series: KpiSeries;
  definition: string;
  comparison: KpiComparison | null;
}

/** One KPI: its latest month, the change from the month before, the trend, and before/after a flow. */
export function KpiCard({ name, series, definition, comparison }: KpiCardProps) {
  const valued = series.points.filter((point) => point.value !== null);
  const latest = valued[valued.length - 1];
  const previous = valued[valued.length - 2];
  const change = latest && previous ? formatKpiChange(previous.value, latest.value, series.unit) : null;
  const better = latest && previous && latest.value !== previous.value ? (latest.value! < previous.value!) === LOWER_IS_BETTER[name] : null;
  const split = comparison?.kpis[name] ?? null;
  const title = KPI_TITLES[name];
  return (
    <section className="kpi-card" aria-labelledby={`kpi-${name}`} data-testid={`kpi-${name}`}>
      <h2 id={`kpi-${name}`}>{title}</h2>
      {latest ? (
        <>
          <p className="kpi-latest" data-testid="kpi-latest">
            {formatKpi(latest.value, series.unit)}
          </p>
          <p className="kpi-change">
            {monthWords(latest.month)}
            {change && (
              <>
                {' · '}
                <span data-testid="kpi-change">{change}</span> from {monthWords(previous.month)}
                {better !== null && ` (${better ? 'better' : 'worse'})`}
              </>
            )}
            {series.unit !== 'days' && latest.denominator > 0 && ` · ${formatCount(latest.numerator)} of ${formatCount(latest.denominator)}`}
          </p>
          <TrendChart title={`${title} by month`} points={series.points} unit={series.unit} markerMonth={comparison?.publishedMonth} markerLabel={markerLabel(comparison)} />
        </>
      ) : (
        <p className="empty">{series.reason ?? 'No values yet.'}</p>
      )}
      {split && (
        <p data-testid="kpi-before-after">
          Before “{comparison?.flowName}”: {formatKpi(split.before.mean, series.unit)} a month on average ({split.before.months} months); after:{' '}
          {formatKpi(split.after.mean, series.unit)} ({split.after.months} months).
        </p>
      )}
      {latest && series.reason && <p className="muted">{series.reason}</p>}
      <details className="kpi-definition">
        <summary>How it is counted</summary>
        {definition}
      </details>
    </section>
  );
}

/** A replay goes live at its cutoff in data time; a live flow at its publication. */
function markerLabel(comparison: KpiComparison | null): string | undefined {
  if (!comparison) return undefined;
  // short: the flow's name is in the note above the cards, and a long label runs into the next chart
  if (comparison.dataTime && comparison.publishedAt) return `Replay from ${comparison.publishedAt.slice(0, 10)} (data time)`;
  return `${comparison.flowName} published`;
}
