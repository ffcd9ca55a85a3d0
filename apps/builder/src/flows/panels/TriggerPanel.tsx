import { useId } from 'react';
import { MAX_HOLDOUT_PERCENT, type ReEntryPolicy, type TriggerSource } from '@retain/rules';
import { ConditionBuilder } from '../conditions/ConditionBuilder';
import { useReferenceData } from '../editor/reference-data';
import { NodeLabelField, NumberField, SelectField, TextField } from './fields';
import type { PanelProps } from './panel-props';

const SOURCE_KINDS: Array<{ value: TriggerSource['kind']; label: string }> = [
  { value: 'segment-entered', label: 'A customer enters a segment' },
  { value: 'event', label: 'A customer does something (event)' },
  { value: 'schedule', label: 'On a schedule, for a segment' },
  { value: 'manual', label: 'By hand or through the API' },
];

const RE_ENTRY: Array<{ value: ReEntryPolicy['policy']; label: string }> = [
  { value: 'never', label: 'Never: at most once' },
  { value: 'after-exit', label: 'Again once they have left' },
  { value: 'after-days', label: 'Again some days after leaving' },
];

function freshSource(kind: TriggerSource['kind']): TriggerSource {
  switch (kind) {
    case 'segment-entered':
      return { kind, segmentId: '' };
    case 'event':
      return { kind, eventName: '' };
    case 'schedule':
      return { kind, cron: '0 9 * * 1', audienceSegmentId: '' };
    case 'manual':
      return { kind };
  }
}

export function TriggerPanel({ data, onChange, disabled }: PanelProps<'trigger'>) {
  const id = useId();
  const { segments } = useReferenceData();
  const source = data.source;
  const setSource = (next: TriggerSource) => onChange({ ...data, source: next });
  const segmentOptions = [{ value: '', label: 'Choose a segment' }, ...segments.map((s) => ({ value: String(s.id), label: s.name }))];
  return (
    <>
      <NodeLabelField value={data.label} disabled={disabled} onChange={(label) => onChange({ ...data, label })} />
      <SelectField label="Starts when" value={source.kind} disabled={disabled} options={SOURCE_KINDS} onChange={(kind) => setSource(freshSource(kind))} />
      {source.kind === 'segment-entered' && (
        <SelectField label="Segment" value={source.segmentId} disabled={disabled} options={segmentOptions} onChange={(segmentId) => setSource({ ...source, segmentId })} />
      )}
      {source.kind === 'event' && (
        <>
          <TextField label="Event name" hint="e.g. cart_abandoned" value={source.eventName} disabled={disabled} onChange={(eventName) => setSource({ ...source, eventName })} />
          <div className="panel-field checkbox-field">
            <input
              id={`${id}-cond`}
              type="checkbox"
              checked={source.condition !== undefined}
              disabled={disabled}
              onChange={(e) => setSource({ ...source, condition: e.target.checked ? { all: [] } : undefined })}
            />
            <label htmlFor={`${id}-cond`}>Only when the event’s properties match</label>
          </div>
          {source.condition && (
            <ConditionBuilder label="Event property condition" value={source.condition} facts={null} segments={[]} disabled={disabled} onChange={(condition) => setSource({ ...source, condition })} />
          )}
        </>
      )}
      {source.kind === 'schedule' && (
        <>
          <TextField label="Schedule (cron)" hint="Five fields, e.g. 0 9 * * 1 for Mondays at 9:00" value={source.cron} disabled={disabled} onChange={(cron) => setSource({ ...source, cron })} />
          <SelectField label="Audience segment" value={source.audienceSegmentId} disabled={disabled} options={segmentOptions} onChange={(audienceSegmentId) => setSource({ ...source, audienceSegmentId })} />
        </>
      )}
      <SelectField
        label="Re-entry"
        value={data.reEntry.policy}
        disabled={disabled}
        options={RE_ENTRY}
        onChange={(policy) => onChange({ ...data, reEntry: policy === 'after-days' ? { policy, days: 30 } : { policy } })}
      />
      {data.reEntry.policy === 'after-days' && (
        <NumberField label="Days after leaving" min={1} value={data.reEntry.days} disabled={disabled} onChange={(days) => onChange({ ...data, reEntry: { policy: 'after-days', days } })} />
      )}
      <NumberField
        label="Holdout (%)"
        hint="Entrants kept out of the journey, chosen at random, to measure what it changes (0 for none)"
        min={0}
        max={MAX_HOLDOUT_PERCENT}
        value={data.holdoutPercent ?? 0}
        disabled={disabled}
        onChange={(holdoutPercent) => onChange({ ...data, holdoutPercent })}
      />
    </>
  );
}
