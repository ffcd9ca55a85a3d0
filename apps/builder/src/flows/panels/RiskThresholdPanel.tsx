import { useId } from 'react';
import { RISK_OPERATORS, type RiskOperator } from '@retain/rules';
import { NodeLabelField, SelectField } from './fields';
import type { PanelProps } from './panel-props';

const OPERATOR_LABELS: Record<RiskOperator, string> = { gte: 'at least', gt: 'more than', lte: 'at most', lt: 'less than' };

export function RiskThresholdPanel({ data, onChange, disabled }: PanelProps<'riskThreshold'>) {
  const id = useId();
  return (
    <>
      <NodeLabelField value={data.label} disabled={disabled} onChange={(label) => onChange({ ...data, label })} />
      <p className="muted">Model: the active churn model. Customers whose score passes go to “passes”; the others, and customers without a score, to “else”.</p>
      <SelectField
        label="Churn risk is"
        value={data.operator}
        disabled={disabled}
        options={RISK_OPERATORS.map((op) => ({ value: op, label: OPERATOR_LABELS[op] }))}
        onChange={(operator) => onChange({ ...data, operator })}
      />
      <div className="panel-field">
        <label htmlFor={`${id}-slider`}>Threshold</label>
        <div className="row">
          <input
            id={`${id}-slider`}
            type="range"
            min={0}
            max={1}
            step={0.01}
            value={Number.isFinite(data.threshold) ? data.threshold : 0}
            disabled={disabled}
            onChange={(e) => onChange({ ...data, threshold: Number(e.target.value) })}
          />
          <label htmlFor={`${id}-number`} className="visually-hidden">
            Threshold value
          </label>
          <input
            id={`${id}-number`}
            className="threshold-number"
            type="number"
            min={0}
            max={1}
            step={0.01}
            value={Number.isFinite(data.threshold) ? data.threshold : ''}
            disabled={disabled}
            onChange={(e) => onChange({ ...data, threshold: e.target.value === '' ? Number.NaN : Number(e.target.value) })}
          />
        </div>
      </div>
    </>
  );
}
