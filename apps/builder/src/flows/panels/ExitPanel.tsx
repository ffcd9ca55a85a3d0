import { NodeLabelField, TextField } from './fields';
import type { PanelProps } from './panel-props';

export function ExitPanel({ data, onChange, disabled }: PanelProps<'exit'>) {
  return (
    <>
      <NodeLabelField value={data.label} disabled={disabled} onChange={(label) => onChange({ ...data, label })} />
      <TextField
        label="Reason"
        hint="Why customers leave here, for reports"
        value={data.reason ?? ''}
        disabled={disabled}
        onChange={(reason) => onChange({ ...data, reason: reason === '' ? undefined : reason })}
      />
    </>
  );
}
