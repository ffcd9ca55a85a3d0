import { FormEvent, useState } from 'react';
import { createUser } from '../api/admin';
import type { Role } from '../api/types';
import { ErrorMessage } from '../components/ErrorMessage';

export const ROLES: Role[] = ['admin', 'marketer', 'analyst'];

/** Email, name, role and a first password for a new user. */
export function NewUserForm({ onCreated }: { onCreated(): void }) {
  const [form, setForm] = useState({ email: '', name: '', role: 'analyst' as Role, password: '' });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await createUser({ email: form.email, name: form.name || undefined, role: form.role, password: form.password });
      setForm({ email: '', name: '', role: 'analyst', password: '' });
      onCreated();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel form-grid" onSubmit={submit} aria-labelledby="new-user-heading" noValidate>
      <h2 id="new-user-heading">Add a user</h2>
      <div className="filters">
        <div className="field">
          <label htmlFor="new-user-email">Email</label>
          <input id="new-user-email" type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="new-user-name">Name</label>
          <input id="new-user-name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="new-user-role">Role</label>
          <select id="new-user-role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="new-user-password">First password (10 characters or more)</label>
          <input id="new-user-password" type="password" autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} />
        </div>
        <button type="submit" className="button primary" disabled={busy}>
          Add user
        </button>
      </div>
      <ErrorMessage error={error} />
    </form>
  );
}
