import { useState, type ChangeEvent, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { createFlow, importFlow, listFlows } from '../../api/flows';
import { useAuth } from '../../auth/AuthContext';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDateTime } from '../../format';
import { useApiData } from '../../hooks/useApiData';
import { canEditFlows } from '../roles';
import '../flows.css';

/** Every flow with its status, versions and last change; create one, or import an exported file. */
export function FlowsListPage() {
  const navigate = useNavigate();
  const { state } = useAuth();
  const canEdit = state.status === 'signed-in' && canEditFlows(state.principal);
  const flows = useApiData((signal) => listFlows(signal), []);
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const flow = await createFlow(name.trim());
      navigate(`/flows/${flow.id}`);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setError(null);
    try {
      const flow = await importFlow(JSON.parse(await file.text()));
      navigate(`/flows/${flow.id}`);
    } catch (e) {
      setError(e instanceof SyntaxError ? new Error(`${file.name} is not valid JSON.`) : e);
    }
  };

  return (
    <section aria-labelledby="flows-title">
      <h1 id="flows-title">Flows</h1>
      {canEdit && (
        <div className="flows-actions">
          <form className="row" onSubmit={create}>
            <label htmlFor="new-flow-name">New flow name</label>
            <input id="new-flow-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} />
            <button type="submit" className="button primary" disabled={busy || !name.trim()}>
              Create flow
            </button>
          </form>
          <label className="button file-button">
            Import a flow (JSON)
            <input type="file" accept="application/json,.json" className="visually-hidden" onChange={importFile} />
          </label>
        </div>
      )}
      <ErrorMessage error={error ?? flows.error} />
      {flows.loading && !flows.data && <p className="loading">Loading flows…</p>}
      {flows.data && flows.data.items.length === 0 && <p className="empty">No flows yet.</p>}
      {flows.data && flows.data.items.length > 0 && (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Version</th>
              <th scope="col">Last change</th>
              <th scope="col">By</th>
              <th scope="col">Results</th>
            </tr>
          </thead>
          <tbody>
            {flows.data.items.map((flow) => (
              <tr key={flow.id}>
                <td>
                  <Link to={`/flows/${flow.id}`}>{flow.name}</Link>
                </td>
                <td>
                  <span className={`status-badge status-${flow.status}`}>{flow.status}</span>
                </td>
                <td>
                  {flow.currentVersion ? `v${flow.currentVersion} published` : 'not published'}
                  {flow.hasDraft && ` · draft v${flow.draftVersion}`}
                </td>
                <td>{formatDateTime(flow.updatedAt)}</td>
                <td>{flow.updatedBy?.name ?? flow.updatedBy?.email ?? '—'}</td>
                <td>
                  <Link to={`/flows/${flow.id}/results`} aria-label={`Results of ${flow.name}`}>
                    Results
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
