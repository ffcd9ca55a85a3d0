import { useEffect, useRef, useState } from 'react';
import type { ArmResult } from '../api/experiments';
import { percent } from './experiment-words';

interface PromoteDialogProps {
  arm: ArmResult;
  splitName: string;
  busy: boolean;
  /** True when the data do not show the arm beats the control (below 95 %): the person must say they choose it anyway. */
  weakEvidence: boolean;
  onConfirm(acknowledgeWeakEvidence: boolean): void;
  onCancel(): void;
}

/** Asks before a promotion: it changes where every new entrant of the split goes, and it is audited. */
export function PromoteDialog({ arm, splitName, busy, weakEvidence, onConfirm, onCancel }: PromoteDialogProps) {
  const confirmRef = useRef<HTMLButtonElement>(null);
  const [acknowledged, setAcknowledged] = useState(false);
  useEffect(() => confirmRef.current?.focus(), []);
  return (
    <div className="results-dialog-backdrop">
      <div className="results-dialog" role="dialog" aria-modal="true" aria-labelledby="promote-title" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
        <h2 id="promote-title">Promote “{arm.label}”?</h2>
        <p>
          {`From now on every new customer who reaches “${splitName}” goes to “${arm.label}” (${
            arm.isControl ? `the control; probability to be best: ${percent(arm.probabilityToBeBest)}` : `probability to beat the control: ${percent(arm.probabilityToBeatControl)}`
          }).`}{' '}
          Customers already in the journey
          keep their arm. The decision is recorded in the audit log and cannot be undone here.
        </p>
        {weakEvidence && (
          <>
            <p className="warning-note" data-testid="weak-evidence">
              {arm.isControl
                ? `The data do not show that the control “${arm.label}” is the best arm: its probability to be best is ${percent(arm.probabilityToBeBest)}, below 95 %.`
                : `The data do not show that “${arm.label}” is better than the control: its probability to beat it is ${percent(arm.probabilityToBeatControl)}, below 95 %.`}{' '}
              You can still choose it (for example because it costs less), as a decision of yours rather than a result of the test.
            </p>
            <label className="checkbox">
              <input type="checkbox" checked={acknowledged} onChange={(e) => setAcknowledged(e.target.checked)} />I choose “{arm.label}” knowing the test did not show it is the better arm
            </label>
          </>
        )}
        <div className="row">
          <button type="button" className="button primary" ref={confirmRef} disabled={busy || (weakEvidence && !acknowledged)} onClick={() => onConfirm(weakEvidence && acknowledged)}>
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
