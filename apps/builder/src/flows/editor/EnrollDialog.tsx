import { useEffect, useRef, useState, type FormEvent } from 'react';
import { enrollCustomers, type EnrollmentResult, type EnrollmentTarget } from '../../api/flows';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useReferenceData } from './reference-data';

interface EnrollDialogProps {
  flowId: number;
  onEnrolled(result: EnrollmentResult): void;
  onCancel(): void;
}

/** Why customers were not enrolled, in words (the engine's skip reasons). */
const SKIP_REASONS: Record<string, string> = {
  'already-enrolled': 'already in the journey',
  're-entry': 'not yet allowed back in',
  'global-control': 'in the global control group',
  'not-active': 'the flow is not running',
  'unknown-customer': 'unknown',
};

export function describeEnrollment(result: EnrollmentResult): string {
  const skipped = Object.entries(result.skipped.byReason).map(([reason, count]) => `${count} ${SKIP_REASONS[reason] ?? reason}`);
  return `Enrolled ${result.enrolled.toLocaleString()} of ${result.requested.toLocaleString()} customers${skipped.length ? ` (skipped: ${skipped.join(', ')})` : ''}.`;
}

/** Enrolls customers by hand: a segment's current members, or a list of the customers' own ids. */
export function EnrollDialog({ flowId, onEnrolled, onCancel }: EnrollDialogProps) {
  const { segments } = useReferenceData();
  const [mode, setMode] = useState<'segment' | 'ids'>('segment');
  const [segmentId, setSegmentId] = useState('');
  const [ids, setIds] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const firstField = useRef<HTMLSelectElement>(null);
  useEffect(() => firstField.current?.focus(), []);

  const externalIds = ids
    .split(/[\s,;]+/)
    .map((id) => id.trim())
    .filter((id) => id !== '');
  const target: EnrollmentTarget | null = mode === 'segment' ? (segmentId ? { segmentId: Number(segmentId) } : null) : externalIds.length ? { externalIds } : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!target) return;
    setBusy(true);
    setError(null);
    try {
      onEnrolled(await enrollCustomers(flowId, target));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="dialog-backdrop">
      <form className="dialog" role="dialog" aria-modal="true" aria-labelledby="enroll-title" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
        <h2 id="enroll-title">Enroll customers</h2>
        <p>They enter the published journey now, whatever its trigger; its re-entry rule still applies.</p>
        <fieldset className="panel-field">
          <legend>Who</legend>
          <label>
            <input type="radio" name="enroll-mode" checked={mode === 'segment'} onChange={() => setMode('segment')} /> Members of a segment
          </label>
          <label>
            <input type="radio" name="enroll-mode" checked={mode === 'ids'} onChange={() => setMode('ids')} /> Customers by their ids
          </label>
        </fieldset>
        {mode === 'segment' ? (
          <div className="panel-field">
            <label htmlFor="enroll-segment">Segment</label>
            <select id="enroll-segment" ref={firstField} value={segmentId} onChange={(e) => setSegmentId(e.target.value)}>
              <option value="">Choose a segment</option>
              {segments.map((segment) => (
                <option key={segment.id} value={String(segment.id)}>
                  {segment.name}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <div className="panel-field">
            <label htmlFor="enroll-ids">Customer ids (your own ids, separated by commas or new lines)</label>
            <textarea id="enroll-ids" rows={5} value={ids} onChange={(e) => setIds(e.target.value)} />
          </div>
        )}
        <ErrorMessage error={error} />
        <div className="row">
          <button type="submit" className="button primary" disabled={busy || !target}>
            {busy ? 'Enrolling…' : mode === 'ids' && externalIds.length ? `Enroll ${externalIds.length.toLocaleString()}` : 'Enroll'}
          </button>
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
