import { ApiError } from '../api/client';
import { fetchClusters, type ClusterProfile } from '../api/segments';
import { BarChart } from '../charts/BarChart';
import { LineChart } from '../charts/LineChart';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatCount, formatDate } from '../format';
import { useApiData } from '../hooks/useApiData';
import { featureLabel, formatFeature } from '../segments/feature-words';
import { SegmentsNav } from '../segments/SegmentsNav';
import { SegmentationRefresh } from './RfmGridPage';
import '../segments/segments.css';

/** The latest clustering: how k was chosen, the clusters' sizes and what their customers look like. */
export function ClustersPage() {
  const clustering = useApiData((signal) => fetchClusters(signal), []);
  const none = clustering.error instanceof ApiError && clustering.error.status === 404;
  const c = clustering.data;
  return (
    <section aria-labelledby="clusters-title">
      <h1 id="clusters-title">Clusters</h1>
      <SegmentsNav />
      <SegmentationRefresh />
      {none ? <p className="empty">There is no clustering run yet: import transactions and refresh the segmentation.</p> : <ErrorMessage error={clustering.error} />}
      {c && (
        <>
          <p className="muted" data-testid="clusters-summary">
            {formatCount(c.customers)} customers in {c.k} clusters, as of {formatDate(c.asOf)}
            {c.outliers ? `; ${formatCount(c.outliers.outlierCount)} unusual customers (${(c.outliers.outlierShare * 100).toFixed(1)}%) found by ${c.outliers.method}` : ''}.
          </p>
          <div className="two-columns">
            <div className="panel">
              <BarChart title="Customers per cluster" bars={c.profiles.map((p) => ({ label: `${p.cluster}: ${p.label}`, value: p.size, valueText: formatCount(p.size) }))} labelWidth={230} />
            </div>
            <div className="panel">
              <LineChart
                title={`Silhouette per number of clusters (k = ${c.k} chosen)`}
                description="Higher is better separated; the chosen k has the highest silhouette."
                points={c.silhouetteByK.map((s) => ({ x: s.k, y: s.silhouette }))}
                xTicks={c.silhouetteByK.map((s) => s.k)}
                formatY={(y) => y.toFixed(2)}
                xLabel="k"
                yLabel="Silhouette"
                dots
              />
            </div>
          </div>
          <div className="cluster-cards">
            {c.profiles.map((p) => (
              <ClusterCard key={p.cluster} profile={p} featureNames={c.featureNames} />
            ))}
          </div>
        </>
      )}
    </section>
  );
}

function ClusterCard({ profile, featureNames }: { profile: ClusterProfile; featureNames: string[] }) {
  return (
    <section className="panel" aria-labelledby={`cluster-${profile.cluster}`} data-testid="cluster-card">
      <h2 id={`cluster-${profile.cluster}`}>
        Cluster {profile.cluster}: {profile.label}
      </h2>
      <p className="muted">
        {formatCount(profile.size)} customers ({(profile.share * 100).toFixed(1)}%)
      </p>
      <table className="data-table">
        <caption className="visually-hidden">Average customer of cluster {profile.cluster}</caption>
        <thead>
          <tr>
            <th scope="col">Feature</th>
            <th scope="col">Mean</th>
            <th scope="col">Median</th>
          </tr>
        </thead>
        <tbody>
          {featureNames
            .filter((name) => profile.features[name])
            .map((name) => (
              <tr key={name}>
                <th scope="row">{featureLabel(name)}</th>
                <td>{formatFeature(name, profile.features[name].mean)}</td>
                <td>{formatFeature(name, profile.features[name].median)}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </section>
  );
}
