import { useEffect, useRef } from 'react';
import type { DefinitionDiff } from './definition-diff';

interface PublishDialogProps {
  diff: DefinitionDiff;
  firstVersion: boolean;
  busy: boolean;
  onConfirm(): void;
  onCancel(): void;
}

const SECTIONS: Array<[keyof DefinitionDiff, string]> = [
  ['nodesAdded', 'Steps added'],
  ['nodesRemoved', 'Steps removed'],
  ['nodesChanged', 'Steps changed'],
  ['edgesAdded', 'Connections added'],
  ['edgesRemoved', 'Connections removed'],
];

/** Asks before publishing and shows what changes against the published version. */
export function PublishDialog({ diff, firstVersion, busy, onConfirm, onCancel }: PublishDialogProps) {
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmRef.current?.focus(), []);
  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="publish-title" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
        <h2 id="publish-title">Publish this journey?</h2>
        <p>{firstVersion ? 'This is the first version: customers start entering it once it is published.' : 'Customers already in the journey stay on the version they entered with.'}</p>
        {SECTIONS.filter(([key]) => diff[key].length > 0).map(([key, title]) => (
          <div key={key} className="diff-section">
            <h3>
              {title} ({diff[key].length})
            </h3>
            <ul>
              {diff[key].map((item) => (
                <li key={item}>{item}</li>
              ))}
            </ul>
          </div>
        ))}
        {SECTIONS.every(([key]) => diff[key].length === 0) && <p className="muted">Nothing changed since the published version (positions aside).</p>}
        <div className="row">
          <button type="button" className="button primary" ref={confirmRef} disabled={busy} onClick={onConfirm}>
            {busy ? 'Publishing…' : 'Publish'}
          </button>
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}
