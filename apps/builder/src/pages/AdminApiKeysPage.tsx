import { useState } from 'react';
import { AdminNav } from '../admin/AdminNav';
import { AdminOnly } from '../admin/AdminOnly';
import { NewKeyForm } from '../admin/NewKeyForm';
import { NewKeySecret } from '../admin/NewKeySecret';
import { type ApiKey, type CreatedApiKey, listApiKeys, revokeApiKey } from '../api/admin';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatDateTime } from '../format';
import { useApiData } from '../hooks/useApiData';
import '../segments/segments.css';

/** API keys: list, create (the secret shown once), revoke. */
export function AdminApiKeysPage() {
  return (
    <AdminOnly>
      <ApiKeysScreen />
    </AdminOnly>
  );
}

function ApiKeysScreen() {
  const [version, setVersion] = useState(0);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [error, setError] = useState<unknown>(null);
  const keys = useApiData((signal) => listApiKeys(signal), [version]);

  async function revoke(key: ApiKey) {
    if (!window.confirm(`Revoke “${key.name}”? Anything using it stops working at once.`)) return;
    setError(null);
    try {
      await revokeApiKey(key.id);
      setVersion((v) => v + 1);
    } catch (e) {
      setError(e);
    }
  }

  return (
    <section aria-labelledby="keys-title">
      <h1 id="keys-title">API keys</h1>
      <AdminNav />
      {created && <NewKeySecret apiKey={created} onDismiss={() => setCreated(null)} />}
      <NewKeyForm
        onCreated={(key) => {
          setCreated(key);
          setVersion((v) => v + 1);
        }}
      />
      <ErrorMessage error={error ?? keys.error} />
      {keys.data && keys.data.length === 0 && <p className="empty">No API keys yet.</p>}
      {keys.data && keys.data.length > 0 && (
        <div className="table-scroll" style={{ marginTop: '1rem' }}>
          <table className="data-table">
            <caption className="visually-hidden">API keys</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Key starts with</th>
                <th scope="col">Scopes</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.data.map((key) => (
                <tr key={key.id}>
                  <th scope="row">{key.name}</th>
                  <td>
                    <code>{key.prefix}_…</code>
                  </td>
                  <td>{key.scopes.join(', ')}</td>
                  <td>{formatDateTime(key.createdAt)}</td>
                  <td>{formatDateTime(key.lastUsedAt)}</td>
                  <td>{key.revokedAt ? <span className="status-badge revoked">revoked</span> : <span className="status-badge active">active</span>}</td>
                  <td>
                    {!key.revokedAt && (
                      <button type="button" className="button" aria-label={`Revoke ${key.name}`} onClick={() => revoke(key)}>
                        Revoke
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
