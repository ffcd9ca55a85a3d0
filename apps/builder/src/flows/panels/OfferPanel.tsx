import { OFFER_KINDS, type OfferKind } from '@retain/rules';
import { NodeLabelField, NumberField, SelectField, TextField } from './fields';
import type { PanelProps } from './panel-props';

const KIND_LABELS: Record<OfferKind, string> = { percent: 'Percent discount', fixed: 'Fixed amount off', points: 'Loyalty points', 'free-shipping': 'Free shipping' };
const VALUE_LABELS: Record<OfferKind, string> = { percent: 'Percent off', fixed: 'Amount off', points: 'Points', 'free-shipping': 'Value (not used)' };

export function OfferPanel({ data, onChange, disabled }: PanelProps<'offer'>) {
  return (
    <>
      <NodeLabelField value={data.label} disabled={disabled} onChange={(label) => onChange({ ...data, label })} />
      <SelectField
        label="Kind of offer"
        value={data.kind}
        disabled={disabled}
        options={OFFER_KINDS.map((kind) => ({ value: kind, label: KIND_LABELS[kind] }))}
        onChange={(kind) => onChange({ ...data, kind, ...(kind === 'fixed' ? { currency: data.currency ?? 'EUR' } : { currency: undefined }) })}
      />
      {data.kind !== 'free-shipping' && <NumberField label={VALUE_LABELS[data.kind]} value={data.value} min={0} disabled={disabled} onChange={(value) => onChange({ ...data, value })} />}
      {data.kind === 'fixed' && (
        <TextField label="Currency" hint="Three letters, e.g. EUR" value={data.currency ?? ''} disabled={disabled} onChange={(currency) => onChange({ ...data, currency: currency.toUpperCase() || undefined })} />
      )}
      <NumberField label="Code valid for (days)" value={data.expiryDays} min={1} max={365} disabled={disabled} onChange={(expiryDays) => onChange({ ...data, expiryDays })} />
      <TextField
        label="Code prefix"
        hint="Each customer gets a unique code starting with this, e.g. COMEBACK"
        value={data.codePrefix}
        disabled={disabled}
        onChange={(codePrefix) => onChange({ ...data, codePrefix: codePrefix.toUpperCase() })}
      />
    </>
  );
}
