import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { getExperiments, getFunnel, getLift } from '../api/experiments';
import { ApiError } from '../api/client';
import { useAuth } from '../auth/AuthContext';
import { ErrorMessage } from '../components/ErrorMessage';
import { ExperimentCard } from '../experiments/ExperimentCard';
import { FunnelChart } from '../experiments/FunnelChart';
import { FunnelTable } from '../experiments/FunnelTable';
import { HoldoutLift } from '../experiments/HoldoutLift';
import { ReplayBanner } from '../experiments/ReplayBanner';
import { useReplays } from '../experiments/useReplays';
import { canEditFlows } from '../flows/roles';
import { useApiData } from '../hooks/useApiData';
import '../experiments/results.css';

/** A flow's results: every A/B split with honest statistics and promotion, and the funnel to the goal. */
export function FlowResultsPage() {
  const flowId = Number(useParams().id);
  const { state } = useAuth();
  const canPromote = state.status === 'signed-in' && canEditFlows(state.principal);
  const [reloads, setReloads] = useState(0);
  const experiments = useApiData((signal) => getExperiments(flowId, signal), [flowId, reloads]);
  const funnel = useApiData((signal) => getFunnel(flowId, signal), [flowId, reloads]);
  const { replays, error: replaysError } = useReplays(flowId);
  // An engine without holdout lift (404) shows no lift section rather than an error.
  const lift = useApiData(
    (signal) =>
      getLift(flowId, signal).catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 404) return null; // a missing flow shows through the experiments' error
        throw error;
      }),
    [flowId, reloads],
  );
  const name = experiments.data?.flowName ?? funnel.data?.flowName ?? `Flow ${flowId}`;

  return (
    <section aria-labelledby="results-title">
      <h1 id="results-title">
        <Link to="/flows">Flows</Link> / <Link to={`/flows/${flowId}`}>{name}</Link> / Results
      </h1>
      <ReplayBanner replays={replays} sources={[experiments.data, funnel.data]} />
      <ErrorMessage error={experiments.error ?? funnel.error ?? replaysError} />

      <h2>Funnel</h2>
      {funnel.loading && !funnel.data && <p className="loading">Loading the funnel…</p>}
      {funnel.data &&
        (funnel.data.entries === 0 ? (
          <p className="empty">No customer has entered this flow yet.</p>
        ) : (
          <>
            <FunnelChart funnel={funnel.data} />
            <FunnelTable funnel={funnel.data} />
          </>
        ))}

      <ErrorMessage error={lift.error} />
      {lift.data && <HoldoutLift lift={lift.data} />}

      <h2>Experiments</h2>
      {experiments.loading && !experiments.data && <p className="loading">Loading the experiments…</p>}
      {experiments.data && (
        <>
          <p className="muted" data-testid="attribution">
            A conversion counts for the last A/B exposure before it, within {experiments.data.attribution.windowDays} days ({experiments.data.attribution.model}).
          </p>
          {experiments.data.experiments.length === 0 && <p className="empty">This flow has no A/B split.</p>}
          {experiments.data.experiments.map((experiment) => (
            <ExperimentCard
              key={`${experiment.nodeId}:${experiment.experimentKey}`}
              flowId={flowId}
              experiment={experiment}
              canPromote={canPromote}
              onPromoted={() => setReloads((n) => n + 1)}
            />
          ))}
        </>
      )}
    </section>
  );
}
