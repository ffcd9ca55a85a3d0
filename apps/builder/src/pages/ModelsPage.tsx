import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { usePermissions } from '../admin/permissions';
import { listModels, trainModels } from '../api/models';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatDateTime } from '../format';
import { useApiData } from '../hooks/useApiData';
import { ModelDetail } from '../models/ModelDetail';
import { describeWindow, modelName } from '../models/model-words';
import { TrainingRuns } from '../models/TrainingRuns';
import { useTrainingRuns } from '../models/useTrainingRuns';
import '../segments/segments.css';

/** Model versions (the active one first in mind), one version's quality, and training runs. */
export function ModelsPage() {
  const { id } = useParams();
  const { canTrainModels } = usePermissions();
  const runs = useTrainingRuns();
  const models = useApiData((signal) => listModels(signal), [runs.finished]);
  const [population, setPopulation] = useState<'transactions' | 'attribute'>('transactions');
  const [training, setTraining] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: null });

  const versions = models.data ?? [];
  const selected = id ? Number(id) : (versions.find((v) => v.status === 'active') ?? versions[0])?.id;

  async function train() {
    setTraining({ busy: true, error: null });
    try {
      await trainModels(population);
      runs.reload();
      setTraining({ busy: false, error: null });
    } catch (error) {
      setTraining({ busy: false, error });
    }
  }

  return (
    <section aria-labelledby="models-title">
      <div className="page-title">
        <h1 id="models-title">Models</h1>
        {models.loading && (
          <span className="loading" role="status">
            Loading…
          </span>
        )}
      </div>
      {canTrainModels && (
        <div className="actions">
          <div className="field">
            <label htmlFor="train-population">Train on</label>
            <select id="train-population" value={population} onChange={(e) => setPopulation(e.target.value as typeof population)}>
              <option value="transactions">purchases (churn = no purchase in 90 days)</option>
              <option value="attribute">customers with a churn attribute</option>
            </select>
          </div>
          <button type="button" className="button primary" disabled={training.busy || runs.pending} onClick={train} style={{ alignSelf: 'end' }}>
            {runs.pending ? 'Training…' : 'Train now'}
          </button>
        </div>
      )}
      <ErrorMessage error={training.error ?? models.error} />
      {models.data && versions.length === 0 && <p className="empty">No model yet{canTrainModels ? ': train one.' : '.'}</p>}
      {versions.length > 0 && (
        <div className="table-scroll" style={{ marginBottom: '1rem' }}>
          <table className="data-table">
            <caption className="visually-hidden">Model versions</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Status</th>
                <th scope="col">ROC AUC</th>
                <th scope="col">Data</th>
                <th scope="col">Trained</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.id} aria-current={v.id === selected ? 'true' : undefined}>
                  <th scope="row">
                    <Link to={`/models/${v.id}`}>{modelName(v)}</Link>
                  </th>
                  <td>
                    <span className={`status-badge ${v.status}`}>{v.status}</span>
                  </td>
                  <td>{typeof v.metrics.rocAuc === 'number' ? v.metrics.rocAuc.toFixed(3) : '—'}</td>
                  <td style={{ whiteSpace: 'normal' }}>{describeWindow(v.dataWindow)}</td>
                  <td>{formatDateTime(v.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {selected !== undefined && <ModelDetail id={selected} />}
      <section aria-labelledby="runs-heading">
        <h2 id="runs-heading">Training runs</h2>
        <ErrorMessage error={runs.error} />
        {runs.data && <TrainingRuns runs={runs.data} />}
      </section>
    </section>
  );
}
