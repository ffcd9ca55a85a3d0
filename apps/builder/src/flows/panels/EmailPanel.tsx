import { useState } from 'react';
import { ApiError } from '../../api/client';
import { listCustomers } from '../../api/customers';
import { previewTemplate, type TemplatePreview } from '../../api/flows';
import { useApiData } from '../../hooks/useApiData';
import { NodeLabelField, SelectField, TextAreaField, TextField } from './fields';
import type { PanelProps } from './panel-props';

type PreviewState = { status: 'idle' } | { status: 'loading' } | { status: 'done'; preview: TemplatePreview } | { status: 'unavailable' } | { status: 'error'; message: string };

export function EmailPanel({ data, onChange, disabled }: PanelProps<'email'>) {
  const content = data.content;
  const customers = useApiData((signal) => listCustomers({ page: 1, pageSize: 50 }, signal), []);
  const [customerId, setCustomerId] = useState('');
  const [preview, setPreview] = useState<PreviewState>({ status: 'idle' });

  const runPreview = async () => {
    if (content.source !== 'inline' || !customerId) return;
    setPreview({ status: 'loading' });
    try {
      setPreview({ status: 'done', preview: await previewTemplate({ subject: content.subject, body: content.body, customerId: Number(customerId) }) });
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 405)) setPreview({ status: 'unavailable' });
      else setPreview({ status: 'error', message: error instanceof Error ? error.message : 'The preview failed.' });
    }
  };

  return (
    <>
      <NodeLabelField value={data.label} disabled={disabled} onChange={(label) => onChange({ ...data, label })} />
      {content.source === 'template' ? (
        <p className="muted">
          Uses saved template {content.templateId}.{' '}
          <button type="button" className="button small" disabled={disabled} onClick={() => onChange({ ...data, content: { source: 'inline', subject: content.subject ?? '', body: '' } })}>
            Write it here instead
          </button>
        </p>
      ) : (
        <>
          <TextField label="Subject" hint="Liquid, e.g. We miss you, {{ customer.firstName }}" value={content.subject} disabled={disabled} onChange={(subject) => onChange({ ...data, content: { ...content, subject } })} />
          <TextAreaField label="Body (HTML with Liquid)" rows={8} value={content.body} disabled={disabled} onChange={(body) => onChange({ ...data, content: { ...content, body } })} />
        </>
      )}
      <TextField label="Sender name" value={data.from.name ?? ''} disabled={disabled} onChange={(name) => onChange({ ...data, from: { ...data.from, name: name === '' ? undefined : name } })} />
      <TextField label="Sender address" type="email" value={data.from.email} disabled={disabled} onChange={(email) => onChange({ ...data, from: { ...data.from, email } })} />
      <section className="email-preview" aria-label="Preview">
        <h3>Preview for a real customer</h3>
        <SelectField
          label="Customer"
          value={customerId}
          options={[{ value: '', label: 'Choose a customer' }, ...(customers.data?.items ?? []).map((c) => ({ value: String(c.id), label: c.name ?? c.email ?? c.externalId ?? `#${c.id}` }))]}
          onChange={setCustomerId}
        />
        <button type="button" className="button small" disabled={!customerId || content.source !== 'inline' || preview.status === 'loading'} onClick={runPreview}>
          Show preview
        </button>
        {preview.status === 'unavailable' && <p className="muted" role="status">Preview unavailable: this server cannot render email previews yet.</p>}
        {preview.status === 'error' && <p className="field-error" role="alert">{preview.message}</p>}
        {preview.status === 'done' && (
          <div className="preview-box" data-testid="email-preview">
            <p>
              <strong>Subject:</strong> {preview.preview.subject}
            </p>
            <iframe title="Email body preview" sandbox="" srcDoc={preview.preview.html} />
          </div>
        )}
      </section>
    </>
  );
}
