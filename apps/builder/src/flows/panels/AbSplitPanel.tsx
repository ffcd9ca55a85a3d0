import { MAX_AB_VARIANTS, type AbVariant } from '@retain/rules';
import { CheckboxField, NodeLabelField, SelectField, TextField } from './fields';
import type { PanelProps } from './panel-props';

const NO_CONTROL = '';

/** The next free arm id: A, B, C… */
function nextArmId(variants: readonly AbVariant[]): string {
  const taken = new Set(variants.map((v) => v.id));
  for (let code = 65; code < 91; code++) if (!taken.has(String.fromCharCode(code))) return String.fromCharCode(code);
  return `arm-${variants.length + 1}`;
}

export function AbSplitPanel({ data, onChange, disabled }: PanelProps<'abSplit'>) {
  const total = data.variants.reduce((sum, v) => sum + (Number.isFinite(v.weight) ? v.weight : 0), 0);
  const setVariant = (index: number, variant: AbVariant) => onChange({ ...data, variants: data.variants.map((v, i) => (i === index ? variant : v)) });
  const removeVariant = (index: number) => {
    const removed = data.variants[index];
    onChange({ ...data, variants: data.variants.filter((_, i) => i !== index), controlVariantId: data.controlVariantId === removed.id ? undefined : data.controlVariantId });
  };
  return (
    <>
      <NodeLabelField value={data.label} disabled={disabled} onChange={(label) => onChange({ ...data, label })} />
      <TextField label="Experiment key" hint="With the customer id it decides the arm: the same customer always gets the same arm" value={data.experimentKey} disabled={disabled} onChange={(experimentKey) => onChange({ ...data, experimentKey })} />
      <fieldset className="panel-field" disabled={disabled}>
        <legend>Arms</legend>
        {data.variants.map((variant, index) => (
          <div className="row arm-row" key={index}>
            <span className="arm-id" aria-hidden="true">
              {variant.id}
            </span>
            <input aria-label={`Arm ${variant.id} name`} value={variant.label} onChange={(e) => setVariant(index, { ...variant, label: e.target.value })} />
            <input
              aria-label={`Arm ${variant.id} weight (%)`}
              type="number"
              min={0}
              max={100}
              className="weight"
              value={Number.isFinite(variant.weight) ? variant.weight : ''}
              onChange={(e) => setVariant(index, { ...variant, weight: e.target.value === '' ? Number.NaN : Number(e.target.value) })}
            />
            <button type="button" className="button small" aria-label={`Remove arm ${variant.id}`} disabled={data.variants.length <= 2} onClick={() => removeVariant(index)}>
              ×
            </button>
          </div>
        ))}
        <p className={total === 100 ? 'muted' : 'field-error'} role="status" data-testid="ab-total">
          Weights add up to {total} %{total === 100 ? '' : ' — they must add up to 100 %'}
        </p>
        <button
          type="button"
          className="button small"
          disabled={data.variants.length >= MAX_AB_VARIANTS}
          onClick={() => {
            const id = nextArmId(data.variants);
            onChange({ ...data, variants: [...data.variants, { id, label: id, weight: 0 }] });
          }}
        >
          Add arm
        </button>
      </fieldset>
      <SelectField
        label="Control arm"
        hint="The arm the others are compared with (optional)"
        value={data.controlVariantId ?? NO_CONTROL}
        disabled={disabled}
        options={[{ value: NO_CONTROL, label: 'No control arm' }, ...data.variants.map((v) => ({ value: v.id, label: `${v.id} · ${v.label}` }))]}
        onChange={(controlVariantId) => onChange({ ...data, controlVariantId: controlVariantId === NO_CONTROL ? undefined : controlVariantId })}
      />
      <CheckboxField
        label="Promote the winner automatically"
        hint="Once an arm beats the control with 95 % probability on the minimum sample, new entrants all take that arm (recorded in the audit log)"
        checked={data.autoPromote === true}
        disabled={disabled}
        onChange={(autoPromote) => onChange({ ...data, autoPromote: autoPromote || undefined })}
      />
    </>
  );
}
