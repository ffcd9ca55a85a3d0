import { Link } from 'react-router-dom';
import type { SegmentMember } from '../api/segments';
import { customerLabel } from '../components/CustomersTable';
import { EMPTY, formatDateTime } from '../format';

/** The members of a segment on one page, each linking to the customer's profile. */
export function MembersTable({ members, showScore }: { members: readonly SegmentMember[]; showScore: boolean }) {
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption className="visually-hidden">Members</caption>
        <thead>
          <tr>
            <th scope="col">Customer</th>
            <th scope="col">External id</th>
            <th scope="col">Country</th>
            {showScore && <th scope="col">Churn risk</th>}
            <th scope="col">Member since</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.customerId}>
              <th scope="row">
                <Link to={`/customers/${m.customerId}`}>{customerLabel({ id: m.customerId, name: m.name, email: m.email, externalId: m.externalId })}</Link>
              </th>
              <td>{m.externalId ?? EMPTY}</td>
              <td>{m.country ?? EMPTY}</td>
              {showScore && <td>{typeof m.score === 'number' ? `${Math.round(m.score * 100)}%` : EMPTY}</td>}
              <td>{formatDateTime(m.enteredAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
