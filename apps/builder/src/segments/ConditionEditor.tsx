import { useId } from 'react';
import type { FactCatalogue } from '../api/segments';
import { blankRow, type ConditionForm, type ConditionRow, operatorsFor } from './condition-rows';

interface ConditionEditorProps {
  form: ConditionForm;
  catalogue: FactCatalogue;
  onChange(form: ConditionForm): void;
}

/**
 * Rows of "fact, operator, value" joined by all or any; facts and operators come from what the
 * engine knows (GET /api/segments/facts). A simpler sibling of the canvas's condition builder.
 */
export function ConditionEditor({ form, catalogue, onChange }: ConditionEditorProps) {
  const facts = catalogue.facts.filter((f) => f.type !== 'any');
  const setRow = (index: number, row: ConditionRow) => onChange({ ...form, rows: form.rows.map((r, i) => (i === index ? row : r)) });
  return (
    <fieldset className="condition-rows">
      <legend>Conditions</legend>
      <div className="field">
        <label htmlFor="condition-joiner">Customers who match</label>
        <select id="condition-joiner" value={form.joiner} onChange={(e) => onChange({ ...form, joiner: e.target.value as ConditionForm['joiner'] })}>
          <option value="all">all of these conditions</option>
          <option value="any">any of these conditions</option>
        </select>
      </div>
      {form.rows.map((row, index) => (
        <ConditionRowFields
          key={index}
          index={index}
          row={row}
          catalogue={{ ...catalogue, facts }}
          onChange={(next) => setRow(index, next)}
          onRemove={() => onChange({ ...form, rows: form.rows.filter((_, i) => i !== index) })}
        />
      ))}
      <div>
        <button type="button" className="button" onClick={() => onChange({ ...form, rows: [...form.rows, blankRow(facts)] })}>
          Add condition
        </button>
      </div>
    </fieldset>
  );
}

interface RowProps {
  index: number;
  row: ConditionRow;
  catalogue: FactCatalogue;
  onChange(row: ConditionRow): void;
  onRemove(): void;
}

function ConditionRowFields({ index, row, catalogue, onChange, onRemove }: RowProps) {
  const id = useId();
  const fact = catalogue.facts.find((f) => f.name === row.fact);
  const operators = operatorsFor(fact);
  const operator = operators.find((o) => o.name === row.operator) ?? operators[0];
  const n = index + 1;
  return (
    <div className="condition-row" data-testid="condition-row">
      <div className="field">
        <label htmlFor={`${id}-fact`}>Fact {n}</label>
        <select
          id={`${id}-fact`}
          value={row.fact}
          onChange={(e) => {
            const next = catalogue.facts.find((f) => f.name === e.target.value);
            onChange({ fact: e.target.value, operator: operatorsFor(next)[0].name, value: '' });
          }}
        >
          {catalogue.facts.map((f) => (
            <option key={f.name} value={f.name}>
              {f.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-operator`}>Operator {n}</label>
        <select id={`${id}-operator`} value={operator.name} onChange={(e) => onChange({ ...row, operator: e.target.value })}>
          {operators.map((o) => (
            <option key={o.name} value={o.name}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-value`}>Value {n}</label>
        {operator.value === 'segment' ? (
          <select id={`${id}-value`} value={row.value} onChange={(e) => onChange({ ...row, value: e.target.value })}>
            <option value="">Choose a segment</option>
            {catalogue.segments.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        ) : operator.value === 'boolean' ? (
          <select id={`${id}-value`} value={row.value || 'true'} onChange={(e) => onChange({ ...row, value: e.target.value })}>
            <option value="true">yes</option>
            <option value="false">no</option>
          </select>
        ) : fact?.values && operator.value === 'text' ? (
          <select id={`${id}-value`} value={row.value} onChange={(e) => onChange({ ...row, value: e.target.value })}>
            <option value="">Choose</option>
            {fact.values.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        ) : (
          <input
            id={`${id}-value`}
            inputMode={operator.value === 'number' || operator.value === 'days' ? 'decimal' : undefined}
            placeholder={operator.value === 'list' ? 'a, b, c' : undefined}
            value={row.value}
            onChange={(e) => onChange({ ...row, value: e.target.value })}
          />
        )}
      </div>
      <button type="button" className="button" aria-label={`Remove condition ${n}`} onClick={onRemove}>
        Remove
      </button>
    </div>
  );
}
