import { useEffect, useRef } from 'react';
import type { ArmResult } from '../api/experiments';
import { percent } from './experiment-words';

interface PromoteDialogProps {
  arm: ArmResult;
  splitName: string;
  busy: boolean;
  onConfirm(): void;
  onCancel(): void;
}

/** Asks before a promotion: it changes where every new entrant of the split goes, and it is audited. */
export function PromoteDialog({ arm, splitName, busy, onConfirm, onCancel }: PromoteDialogProps) {
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmRef.current?.focus(), []);
  return (
    <div className="results-dialog-backdrop">
      <div className="results-dialog" role="dialog" aria-modal="true" aria-labelledby="promote-title" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
        <h2 id="promote-title">Promote “{arm.label}”?</h2>
        <p>
          From now on every new customer who reaches “{splitName}” goes to “{arm.label}” (probability to beat the control: {percent(arm.probabilityToBeatControl)}). Customers already in the journey
          keep their arm. The decision is recorded in the audit log and cannot be undone here.
        </p>
        <div className="row">
          <button type="button" className="button primary" ref={confirmRef} disabled={busy} onClick={onConfirm}>
            {busy ? 'Promoting…' : 'Promote'}
          </button>
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}
