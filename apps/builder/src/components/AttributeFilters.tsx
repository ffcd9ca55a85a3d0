import { FormEvent, useState } from 'react';

interface AttributeFiltersProps {
  attributes: Record<string, string>;
  onChange(attributes: Record<string, string>): void;
}

/** Filters on free customer attributes (`attr.<key>=<value>`): the active ones, and a form to add one. */
export function AttributeFilters({ attributes, onChange }: AttributeFiltersProps) {
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');

  function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!key.trim()) return;
    onChange({ ...attributes, [key.trim()]: value });
    setKey('');
    setValue('');
  }

  function remove(name: string) {
    const rest = { ...attributes };
    delete rest[name];
    onChange(rest);
  }

  const active = Object.entries(attributes);
  return (
    <div className="attribute-filters">
      {active.length > 0 && (
        <ul className="chips" aria-label="Attribute filters">
          {active.map(([name, wanted]) => (
            <li key={name} className="chip">
              <span>
                {name} = {wanted}
              </span>
              <button type="button" className="chip-remove" aria-label={`Remove filter ${name}`} onClick={() => remove(name)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <details>
        <summary>Filter by attribute</summary>
        <form className="inline-form" onSubmit={add}>
          <label htmlFor="attribute-key">Attribute</label>
          <input id="attribute-key" value={key} onChange={(event) => setKey(event.target.value)} placeholder="for example segment" />
          <label htmlFor="attribute-value">equals</label>
          <input id="attribute-value" value={value} onChange={(event) => setValue(event.target.value)} />
          <button type="submit" className="button">
            Add filter
          </button>
        </form>
      </details>
    </div>
  );
}
