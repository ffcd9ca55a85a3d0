import { WEBHOOK_METHODS } from '@retain/rules';
import { NodeLabelField, SelectField, TextAreaField, TextField } from './fields';
import type { PanelProps } from './panel-props';

export function WebhookPanel({ data, onChange, disabled }: PanelProps<'webhook'>) {
  const headers = Object.entries(data.headers);
  const setHeaders = (rows: Array<[string, string]>) => onChange({ ...data, headers: Object.fromEntries(rows) });
  return (
    <>
      <NodeLabelField value={data.label} disabled={disabled} onChange={(label) => onChange({ ...data, label })} />
      <TextField label="URL" type="url" value={data.url} disabled={disabled} onChange={(url) => onChange({ ...data, url })} />
      <SelectField label="Method" value={data.method} disabled={disabled} options={WEBHOOK_METHODS.map((m) => ({ value: m, label: m }))} onChange={(method) => onChange({ ...data, method })} />
      <fieldset className="panel-field" disabled={disabled}>
        <legend>Headers</legend>
        {headers.map(([name, value], index) => (
          <div className="row" key={index}>
            <input aria-label={`Header ${index + 1} name`} value={name} onChange={(e) => setHeaders(headers.map((h, i) => (i === index ? [e.target.value, h[1]] : h)))} />
            <input aria-label={`Header ${index + 1} value`} value={value} onChange={(e) => setHeaders(headers.map((h, i) => (i === index ? [h[0], e.target.value] : h)))} />
            <button type="button" className="button small" aria-label={`Remove header ${index + 1}`} onClick={() => setHeaders(headers.filter((_, i) => i !== index))}>
              ×
            </button>
          </div>
        ))}
        <button type="button" className="button small" disabled={headers.some(([name]) => name === '')} onClick={() => setHeaders([...headers, ['', '']])}>
          Add header
        </button>
      </fieldset>
      <TextAreaField
        label="Body template"
        hint="Liquid, e.g. {&quot;email&quot;: &quot;{{ customer.email }}&quot;}"
        value={data.bodyTemplate ?? ''}
        disabled={disabled}
        onChange={(bodyTemplate) => onChange({ ...data, bodyTemplate: bodyTemplate === '' ? undefined : bodyTemplate })}
      />
    </>
  );
}
