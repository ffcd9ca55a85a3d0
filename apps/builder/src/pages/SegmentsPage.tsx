import { Link } from 'react-router-dom';
import { usePermissions } from '../admin/permissions';
import { listSegments } from '../api/segments';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatCount, formatDateTime } from '../format';
import { useApiData } from '../hooks/useApiData';
import { describeDefinition, KIND_LABELS } from '../segments/segment-words';
import { SegmentsNav } from '../segments/SegmentsNav';
import '../segments/segments.css';

/** Every active segment with its kind, size and last refresh. */
export function SegmentsPage() {
  const { canEditSegments } = usePermissions();
  const segments = useApiData((signal) => listSegments(signal), []);
  return (
    <section aria-labelledby="segments-title">
      <div className="page-title">
        <h1 id="segments-title">Segments</h1>
        {segments.loading && (
          <span className="loading" role="status">
            Loading…
          </span>
        )}
      </div>
      <SegmentsNav />
      {canEditSegments && (
        <div className="actions">
          <Link className="button primary" to="/segments/new">
            New segment
          </Link>
        </div>
      )}
      <ErrorMessage error={segments.error} />
      {segments.data && segments.data.length === 0 && <p className="empty">No segments yet.</p>}
      {segments.data && segments.data.length > 0 && (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">Segments</caption>
            <thead>
              <tr>
                <th scope="col">Segment</th>
                <th scope="col">Kind</th>
                <th scope="col">Customers</th>
                <th scope="col">Last refresh</th>
                <th scope="col">Who</th>
              </tr>
            </thead>
            <tbody>
              {segments.data.map((segment) => (
                <tr key={segment.id}>
                  <th scope="row">
                    <Link to={`/segments/${segment.id}`}>{segment.name}</Link>
                  </th>
                  <td>
                    <span className="kind">{KIND_LABELS[segment.kind]}</span>
                  </td>
                  <td data-testid="segment-size">{formatCount(segment.size)}</td>
                  <td>{formatDateTime(segment.lastRefreshedAt)}</td>
                  <td className="muted">{describeDefinition(segment)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
