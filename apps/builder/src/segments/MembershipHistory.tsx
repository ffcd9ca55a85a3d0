import { Link } from 'react-router-dom';
import type { MembershipChange } from '../api/segments';
import { customerLabel } from '../components/CustomersTable';
import { formatDateTime } from '../format';

/** Entries and exits, newest first, each with its reason in words. */
export function MembershipHistory({ items }: { items: readonly MembershipChange[] }) {
  return (
    <ol className="timeline" aria-label="Entries and exits">
      {items.map((change) => (
        <li key={change.id} className="timeline-item">
          <time dateTime={change.at}>{formatDateTime(change.at)}</time>
          <div>
            <p className="timeline-title">
              <span className={`kind${change.kind === 'exited' ? ' negative' : ''}`}>{change.kind}</span>{' '}
              <Link to={`/customers/${change.customerId}`}>{customerLabel({ id: change.customerId, name: change.name, email: change.email, externalId: change.externalId })}</Link>
            </p>
            {change.reason && <p className="timeline-detail">{change.reason}</p>}
          </div>
        </li>
      ))}
    </ol>
  );
}
