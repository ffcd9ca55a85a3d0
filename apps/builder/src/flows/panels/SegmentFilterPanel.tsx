import { useReferenceData } from '../editor/reference-data';
import { ConditionBuilder } from '../conditions/ConditionBuilder';
import { NodeLabelField } from './fields';
import type { PanelProps } from './panel-props';

export function SegmentFilterPanel({ data, onChange, disabled }: PanelProps<'segmentFilter'>) {
  const { catalogue } = useReferenceData();
  return (
    <>
      <NodeLabelField value={data.label} disabled={disabled} onChange={(label) => onChange({ ...data, label })} />
      <p className="muted">Customers who meet the condition go to “match”, the others to “else”.</p>
      <ConditionBuilder
        label="Filter condition"
        value={data.condition}
        facts={catalogue?.facts ?? []}
        segments={catalogue?.segments ?? []}
        disabled={disabled}
        onChange={(condition) => onChange({ ...data, condition })}
      />
    </>
  );
}
