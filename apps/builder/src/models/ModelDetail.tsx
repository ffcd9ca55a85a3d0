import { fetchModel } from '../api/models';
import { BarChart } from '../charts/BarChart';
import { LineChart } from '../charts/LineChart';
import { RocChart } from '../charts/RocChart';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatDateTime } from '../format';
import { useApiData } from '../hooks/useApiData';
import { featureLabel } from '../segments/feature-words';
import { ConfusionMatrix } from './ConfusionMatrix';
import { describeWindow, metricFigures, modelName } from './model-words';

const percent = (v: number) => `${Math.round(v * 100)}%`;

/** One model version: metrics on held-out customers, ROC curve, feature importance and calibration. */
export function ModelDetail({ id }: { id: number }) {
  const model = useApiData((signal) => fetchModel(id, signal), [id]);
  if (model.error) return <ErrorMessage error={model.error} />;
  if (!model.data) return <p className="page-status" role="status">Loading model…</p>;
  const m = model.data;
  const importances = [...(m.importances ?? [])].sort((a, b) => b.meanAucDrop - a.meanAucDrop);
  const calibration = m.metrics.calibration ?? [];
  return (
    <section className="panel" aria-labelledby="model-title" data-testid="model-detail">
      <h2 id="model-title">
        {modelName(m)} <span className={`status-badge ${m.status}`}>{m.status}</span>
      </h2>
      <p className="muted">
        Trained {formatDateTime(m.createdAt)}
        {m.activatedAt ? `, active since ${formatDateTime(m.activatedAt)}` : ''}. {describeWindow(m.dataWindow)}.
      </p>
      <dl className="metric-grid" aria-label="Metrics on held-out customers">
        {metricFigures(m.metrics).map(([label, value]) => (
          <div key={label} className="figure">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {m.metrics.confusion && <ConfusionMatrix confusion={m.metrics.confusion} threshold={m.metrics.threshold} />}
      <div className="two-columns">
        <div>{m.rocPoints && m.rocPoints.length > 0 && <RocChart points={m.rocPoints.map((p) => ({ fpr: p.falsePositiveRate, tpr: p.truePositiveRate }))} auc={m.metrics.rocAuc ?? null} />}</div>
        <div>
          {importances.length > 0 && (
            <BarChart
              title="Feature importance (drop in ROC AUC when shuffled)"
              bars={importances.map((i) => ({ label: featureLabel(i.name), value: Math.max(0, i.meanAucDrop), valueText: i.meanAucDrop.toFixed(3) }))}
              labelWidth={220}
            />
          )}
        </div>
      </div>
      {calibration.length > 0 && (
        <LineChart
          title="Calibration by decile (predicted against observed churn)"
          description="Each dot is a tenth of the held-out customers; on the diagonal the predicted risk equals the observed churn rate."
          points={calibration.map((b) => ({ x: b.meanPredicted, y: b.observedRate }))}
          xDomain={[0, 1]}
          yDomain={[0, 1]}
          xTicks={[0, 0.25, 0.5, 0.75, 1]}
          formatX={percent}
          formatY={percent}
          xLabel="Predicted risk"
          yLabel="Observed churn"
          diagonal
          dots
          width={420}
          height={300}
        />
      )}
    </section>
  );
}
