import { DurationField, NodeLabelField, SelectField, TextField } from './fields';
import type { PanelProps } from './panel-props';

export function WaitPanel({ data, onChange, disabled }: PanelProps<'wait'>) {
  return (
    <>
      <NodeLabelField value={data.label} disabled={disabled} onChange={(label) => onChange({ ...data, label })} />
      <SelectField
        label="Wait for"
        value={data.mode}
        disabled={disabled}
        options={[
          { value: 'duration', label: 'A length of time' },
          { value: 'event', label: 'An event, with a timeout' },
        ]}
        onChange={(mode) =>
          onChange(
            mode === 'duration'
              ? { label: data.label, mode, duration: data.mode === 'event' ? data.timeout : data.duration }
              : { label: data.label, mode, eventName: 'purchase', timeout: data.mode === 'duration' ? data.duration : data.timeout },
          )
        }
      />
      {data.mode === 'duration' ? (
        <DurationField label="Wait" value={data.duration} disabled={disabled} onChange={(duration) => onChange({ ...data, duration })} />
      ) : (
        <>
          <TextField label="Event" hint="Go on as soon as the customer does this" value={data.eventName} disabled={disabled} onChange={(eventName) => onChange({ ...data, eventName })} />
          <DurationField label="Give up after" value={data.timeout} disabled={disabled} onChange={(timeout) => onChange({ ...data, timeout })} />
        </>
      )}
    </>
  );
}
