import { useState } from 'react';
import { AdminNav } from '../admin/AdminNav';
import { AdminOnly } from '../admin/AdminOnly';
import { NewUserForm, ROLES } from '../admin/NewUserForm';
import { listUsers, updateUser, type User } from '../api/admin';
import type { Role } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatDateTime } from '../format';
import { useApiData } from '../hooks/useApiData';
import '../segments/segments.css';

/** Who may sign in, with which role; admins add users, change roles and deactivate accounts. */
export function AdminUsersPage() {
  return (
    <AdminOnly>
      <UsersScreen />
    </AdminOnly>
  );
}

function UsersScreen() {
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const users = useApiData((signal) => listUsers(signal), [version]);
  const { state } = useAuth();
  const myId = state.status === 'signed-in' && state.principal.kind === 'user' ? state.principal.userId : null;

  async function change(user: User, patch: { role?: Role; disabled?: boolean }) {
    setError(null);
    try {
      await updateUser(user.id, patch);
      setVersion((v) => v + 1);
    } catch (e) {
      setError(e);
    }
  }

  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">Users</h1>
      <AdminNav />
      <NewUserForm onCreated={() => setVersion((v) => v + 1)} />
      <ErrorMessage error={error ?? users.error} />
      {users.data && (
        <div className="table-scroll" style={{ marginTop: '1rem' }}>
          <table className="data-table">
            <caption className="visually-hidden">Users</caption>
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">Added</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((user) => (
                <tr key={user.id}>
                  <th scope="row">{user.email}</th>
                  <td>{user.name ?? '—'}</td>
                  <td>
                    <label className="visually-hidden" htmlFor={`role-${user.id}`}>
                      Role of {user.email}
                    </label>
                    <select id={`role-${user.id}`} value={user.role} disabled={user.id === myId} onChange={(e) => change(user, { role: e.target.value as Role })}>
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {r}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>{user.disabledAt ? <span className="status-badge disabled">deactivated</span> : <span className="status-badge active">active</span>}</td>
                  <td>{formatDateTime(user.createdAt)}</td>
                  <td>
                    {user.id !== myId && (
                      <button type="button" className="button" aria-label={`${user.disabledAt ? 'Reactivate' : 'Deactivate'} ${user.email}`} onClick={() => change(user, { disabled: !user.disabledAt })}>
                        {user.disabledAt ? 'Reactivate' : 'Deactivate'}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
