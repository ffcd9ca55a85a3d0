import { DurationField, NodeLabelField, TextField } from './fields';
import type { PanelProps } from './panel-props';

export function GoalPanel({ data, onChange, disabled }: PanelProps<'goal'>) {
  return (
    <>
      <NodeLabelField value={data.label} disabled={disabled} onChange={(label) => onChange({ ...data, label })} />
      <TextField label="Goal event" hint="The event that counts as success, e.g. purchase" value={data.eventName} disabled={disabled} onChange={(eventName) => onChange({ ...data, eventName })} />
      <DurationField label="Counts within" value={data.within} disabled={disabled} onChange={(within) => onChange({ ...data, within })} />
    </>
  );
}
