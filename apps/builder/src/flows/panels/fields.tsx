// Labelled form controls shared by the panels: every input has a visible label tied to it.
import { useId, type ReactNode } from 'react';
import { DURATION_UNITS, type Duration } from '@retain/rules';

interface FieldProps {
  label: string;
  hint?: string;
  disabled?: boolean;
}

function Field({ id, label, hint, children }: { id: string; label: string; hint?: string; children: ReactNode }) {
  return (
    <div className="panel-field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}

export function TextField({ label, hint, disabled, value, onChange, placeholder, type = 'text' }: FieldProps & { value: string; onChange(value: string): void; placeholder?: string; type?: string }) {
  const id = useId();
  return (
    <Field id={id} label={label} hint={hint}>
      <input id={id} type={type} value={value} placeholder={placeholder} disabled={disabled} aria-describedby={hint ? `${id}-hint` : undefined} onChange={(e) => onChange(e.target.value)} />
    </Field>
  );
}

export function CheckboxField({ label, hint, disabled, checked, onChange }: FieldProps & { checked: boolean; onChange(checked: boolean): void }) {
  const id = useId();
  return (
    <div className="panel-field panel-checkbox">
      <input id={id} type="checkbox" checked={checked} disabled={disabled} aria-describedby={hint ? `${id}-hint` : undefined} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}

export function TextAreaField({ label, hint, disabled, value, onChange, rows = 5 }: FieldProps & { value: string; onChange(value: string): void; rows?: number }) {
  const id = useId();
  return (
    <Field id={id} label={label} hint={hint}>
      <textarea id={id} value={value} rows={rows} disabled={disabled} aria-describedby={hint ? `${id}-hint` : undefined} onChange={(e) => onChange(e.target.value)} />
    </Field>
  );
}

/** A number input; an empty or partial entry is passed on as NaN so validation can say so. */
export function NumberField({ label, hint, disabled, value, onChange, min, max, step }: FieldProps & { value: number; onChange(value: number): void; min?: number; max?: number; step?: number }) {
  const id = useId();
  return (
    <Field id={id} label={label} hint={hint}>
      <input
        id={id}
        type="number"
        value={Number.isFinite(value) ? value : ''}
        min={min}
        max={max}
        step={step}
        disabled={disabled}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(e) => onChange(e.target.value === '' ? Number.NaN : Number(e.target.value))}
      />
    </Field>
  );
}

export function SelectField<Value extends string>({
  label,
  hint,
  disabled,
  value,
  onChange,
  options,
}: FieldProps & { value: Value; onChange(value: Value): void; options: ReadonlyArray<{ value: Value; label: string }> }) {
  const id = useId();
  return (
    <Field id={id} label={label} hint={hint}>
      <select id={id} value={value} disabled={disabled} aria-describedby={hint ? `${id}-hint` : undefined} onChange={(e) => onChange(e.target.value as Value)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** Amount and unit; the rules check the range (more than 0, at most 365 days). */
export function DurationField({ label, disabled, value, onChange }: FieldProps & { value: Duration; onChange(value: Duration): void }) {
  const id = useId();
  return (
    <fieldset className="panel-field duration-field" disabled={disabled}>
      <legend>{label}</legend>
      <label htmlFor={`${id}-amount`} className="visually-hidden">
        {label}: amount
      </label>
      <input
        id={`${id}-amount`}
        type="number"
        min={1}
        value={Number.isFinite(value.amount) ? value.amount : ''}
        onChange={(e) => onChange({ ...value, amount: e.target.value === '' ? Number.NaN : Number(e.target.value) })}
      />
      <label htmlFor={`${id}-unit`} className="visually-hidden">
        {label}: unit
      </label>
      <select id={`${id}-unit`} value={value.unit} onChange={(e) => onChange({ ...value, unit: e.target.value as Duration['unit'] })}>
        {DURATION_UNITS.map((unit) => (
          <option key={unit} value={unit}>
            {unit}
          </option>
        ))}
      </select>
    </fieldset>
  );
}

/** The name every node can have on the canvas. */
export function NodeLabelField({ value, onChange, disabled }: { value: string | undefined; onChange(value: string | undefined): void; disabled: boolean }) {
  return <TextField label="Name on the canvas" value={value ?? ''} disabled={disabled} onChange={(label) => onChange(label === '' ? undefined : label)} />;
}
