import type { TrainingRun } from '../api/models';
import { EMPTY, formatDateTime } from '../format';

/** Training runs, newest first, with what came of each. */
export function TrainingRuns({ runs }: { runs: readonly TrainingRun[] }) {
  if (runs.length === 0) return <p className="empty">No training run yet.</p>;
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption className="visually-hidden">Training runs</caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Status</th>
            <th scope="col">Population</th>
            <th scope="col">Queued</th>
            <th scope="col">Finished</th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id}>
              <th scope="row">#{run.id}</th>
              <td>
                <span className={`status-badge ${run.status}`}>{run.status}</span>
              </td>
              <td>{run.options.population ?? 'transactions'}</td>
              <td>{formatDateTime(run.queuedAt)}</td>
              <td>{formatDateTime(run.finishedAt)}</td>
              <td style={{ whiteSpace: 'normal' }}>{run.error ?? run.outcome?.reason ?? EMPTY}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
