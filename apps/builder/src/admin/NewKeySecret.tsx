import { useState } from 'react';
import type { CreatedApiKey } from '../api/admin';

/** The full key, shown this once, with a copy button. */
export function NewKeySecret({ apiKey, onDismiss }: { apiKey: CreatedApiKey; onDismiss(): void }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(apiKey.key);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  }
  return (
    <section className="notice" aria-labelledby="new-secret-heading" role="region">
      <h2 id="new-secret-heading">Key “{apiKey.name}” created</h2>
      <p>Copy it now: Retain keeps only a hash and cannot show it again.</p>
      <p className="secret" data-testid="new-api-key">
        {apiKey.key}
      </p>
      <div className="actions">
        <button type="button" className="button primary" onClick={copy}>
          Copy key
        </button>
        <button type="button" className="button" onClick={onDismiss}>
          Done
        </button>
        {copied === 'yes' && <span role="status">Copied.</span>}
        {copied === 'failed' && <span role="status">The browser did not allow copying; select the key and copy it by hand.</span>}
      </div>
    </section>
  );
}
