import { FormEvent, useState } from 'react';
import { type ApiKeyScope, createApiKey, type CreatedApiKey } from '../api/admin';
import { ErrorMessage } from '../components/ErrorMessage';

const SCOPES: { scope: ApiKeyScope; label: string }[] = [
  { scope: 'ingest', label: 'ingest (send data in: Segment-style write key)' },
  { scope: 'read', label: 'read (read customers, segments and models)' },
];

/** Name and scopes of a new key; the created key (with its secret) goes to `onCreated`. */
export function NewKeyForm({ onCreated }: { onCreated(key: CreatedApiKey): void }) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiKeyScope[]>(['ingest']);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onCreated(await createApiKey(name, scopes));
      setName('');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel form-grid" onSubmit={submit} aria-labelledby="new-key-heading" noValidate>
      <h2 id="new-key-heading">Create an API key</h2>
      <div className="field">
        <label htmlFor="new-key-name">Key name</label>
        <input id="new-key-name" value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <fieldset>
        <legend>Scopes</legend>
        {SCOPES.map(({ scope, label }) => (
          <label key={scope} className="checkbox">
            <input type="checkbox" checked={scopes.includes(scope)} onChange={(e) => setScopes(e.target.checked ? [...scopes, scope] : scopes.filter((s) => s !== scope))} />
            {label}
          </label>
        ))}
      </fieldset>
      <div>
        <button type="submit" className="button primary" disabled={busy}>
          Create key
        </button>
      </div>
      <ErrorMessage error={error} />
    </form>
  );
}
