import { Link } from 'react-router-dom';
import { fetchCustomerSegments } from '../api/segments';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatDateTime } from '../format';
import { useApiData } from '../hooks/useApiData';

/** The segments a customer is in now, and when and why they entered or left each. */
export function CustomerSegmentsPanel({ customerId }: { customerId: number }) {
  const segments = useApiData((signal) => fetchCustomerSegments(customerId, signal), [customerId]);
  const data = segments.data;
  return (
    <section className="panel" aria-labelledby="customer-segments-heading">
      <h2 id="customer-segments-heading">Segments</h2>
      <ErrorMessage error={segments.error} />
      {data && (
        <>
          {data.memberships.length === 0 ? (
            <p className="empty">In no segment right now.</p>
          ) : (
            <ul className="chips" aria-label="Current segments">
              {data.memberships.map((m) => (
                <li key={m.segment.id} className="chip" style={{ paddingRight: '0.7rem' }}>
                  <Link to={`/segments/${m.segment.id}`}>{m.segment.name}</Link>
                </li>
              ))}
            </ul>
          )}
          {data.history.length > 0 && (
            <ol className="timeline" aria-label="Segment history">
              {data.history.map((h) => (
                <li key={h.id} className="timeline-item">
                  <time dateTime={h.at}>{formatDateTime(h.at)}</time>
                  <div>
                    <p className="timeline-title">
                      <span className={`kind${h.kind === 'exited' ? ' negative' : ''}`}>{h.kind}</span> <Link to={`/segments/${h.segment.id}`}>{h.segment.name}</Link>
                    </p>
                    {h.reason && <p className="timeline-detail">{h.reason}</p>}
                  </div>
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </section>
  );
}
