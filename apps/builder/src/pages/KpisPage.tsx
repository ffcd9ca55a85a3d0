import { useState } from 'react';
import { listFlows } from '../api/flows';
import { getKpis, getSegmentHealth } from '../api/kpis';
import { ErrorMessage } from '../components/ErrorMessage';
import { ReplayBanner } from '../experiments/ReplayBanner';
import { useReplays } from '../experiments/useReplays';
import { formatDate } from '../format';
import { useApiData } from '../hooks/useApiData';
import { KpiCard } from '../kpis/KpiCard';
import { KPI_ORDER } from '../kpis/kpi-words';
import { SegmentHealthSection } from '../kpis/SegmentHealthSection';
import '../experiments/results.css';

const HEALTH_WEEKS = 26;

/** The retention team's five KPIs as monthly trends, before/after a chosen flow, and segment health. */
export function KpisPage() {
  const [flowId, setFlowId] = useState<number | null>(null);
  const kpis = useApiData((signal) => getKpis(flowId, signal), [flowId]);
  const flows = useApiData((signal) => listFlows(signal), []);
  const health = useApiData((signal) => getSegmentHealth(HEALTH_WEEKS, signal), []);
  // Replayed outcomes feed the KPIs too, whichever flow is chosen.
  const { replays, error: replaysError } = useReplays(null);
  const comparison = kpis.data?.comparison ?? null;
  const published = (flows.data?.items ?? []).filter((flow) => flow.currentVersion !== null);

  return (
    <section aria-labelledby="kpis-title">
      <h1 id="kpis-title">KPIs</h1>
      <ReplayBanner replays={replays} sources={[kpis.data, health.data]} />
      <div className="kpi-controls">
        <label>
          <span>Before and after a flow went live </span>
          <select value={flowId ?? ''} onChange={(e) => setFlowId(e.target.value ? Number(e.target.value) : null)}>
            <option value="">No flow</option>
            {published.map((flow) => (
              <option key={flow.id} value={flow.id}>
                {flow.name}
              </option>
            ))}
          </select>
        </label>
        {comparison && (
          <p className="muted" data-testid="comparison-note">
            {comparison.publishedAt ? `“${comparison.flowName}” was first published on ${formatDate(comparison.publishedAt)}. ${comparison.note}` : comparison.note}
          </p>
        )}
      </div>
      <ErrorMessage error={kpis.error ?? flows.error ?? replaysError} />
      {kpis.loading && !kpis.data && <p className="loading">Loading the KPIs…</p>}
      {kpis.data && (
        <div className="kpi-grid">
          {KPI_ORDER.map((name) => (
            <KpiCard key={name} name={name} series={kpis.data!.series[name]} definition={kpis.data!.definitions[name]} comparison={comparison} />
          ))}
        </div>
      )}

      <h2>Segment health</h2>
      <p className="muted">Per week over the last {HEALTH_WEEKS} weeks of membership changes: members, the share who left, and the mean churn risk of the members at the end of the week.</p>
      <ErrorMessage error={health.error} />
      {health.loading && !health.data && <p className="loading">Loading segment health…</p>}
      {health.data && <SegmentHealthSection health={health.data} />}
    </section>
  );
}
