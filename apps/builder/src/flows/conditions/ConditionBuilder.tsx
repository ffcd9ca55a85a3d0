// A form for json-rules-engine conditions: rows of field / operator / value inside nested
// "all" / "any" groups. Fields and operators come from the engine's fact catalogue and the rules'
// operator table; the value input suits the operator.
import { useId, useState } from 'react';
import type { Condition, FactCondition, RootCondition } from '@retain/rules';
import type { FactDefinition } from '../../api/flows';
import { initialValue, operatorsFor, valueKindOf } from './condition-operators';

type Group = { all: Condition[] } | { any: Condition[] };

export interface ConditionBuilderProps {
  /** Name of the whole condition, for screen readers ("Filter condition"). */
  label: string;
  value: RootCondition;
  onChange(value: RootCondition): void;
  /** Fields to offer; without a catalogue the field is typed in (event properties). */
  facts: FactDefinition[] | null;
  segments: Array<{ id: string; name: string }>;
  disabled?: boolean;
}

const isGroup = (c: Condition): c is Group => 'all' in c || 'any' in c;
const childrenOf = (g: Group) => ('all' in g ? g.all : g.any);
const withChildren = (g: Group, children: Condition[]): Group => ('all' in g ? { all: children } : { any: children });

export function ConditionBuilder({ label, value, onChange, facts, segments, disabled }: ConditionBuilderProps) {
  if (!isGroup(value)) {
    return <p className="muted">This condition uses “not” at its top and cannot be edited here; import it again as an “all” or “any” group.</p>;
  }
  return (
    <div className="condition-builder" role="group" aria-label={label}>
      <GroupEditor group={value} path="Rule" depth={0} onChange={onChange} facts={facts} segments={segments} disabled={!!disabled} />
    </div>
  );
}

interface GroupEditorProps {
  group: Group;
  path: string;
  depth: number;
  onChange(group: Group): void;
  onRemove?(): void;
  facts: FactDefinition[] | null;
  segments: Array<{ id: string; name: string }>;
  disabled: boolean;
}

function GroupEditor({ group, path, depth, onChange, onRemove, facts, segments, disabled }: GroupEditorProps) {
  const id = useId();
  const children = childrenOf(group);
  const setChild = (index: number, child: Condition) => onChange(withChildren(group, children.map((c, i) => (i === index ? child : c))));
  const removeChild = (index: number) => onChange(withChildren(group, children.filter((_, i) => i !== index)));
  const firstFact = facts?.find((f) => f.type !== 'any');
  const newRow = (): FactCondition => {
    const operator = operatorsFor(firstFact?.type)[0]?.name ?? 'equal';
    return { fact: firstFact?.name ?? '', operator, value: initialValue(valueKindOf(operator), firstFact?.type) };
  };
  return (
    <fieldset className={`condition-group depth-${depth}`} disabled={disabled}>
      <legend className="visually-hidden">{path} group</legend>
      <div className="row">
        <label htmlFor={`${id}-mode`}>{depth === 0 ? 'Customers match when' : 'Group: match when'}</label>
        <select id={`${id}-mode`} value={'all' in group ? 'all' : 'any'} onChange={(e) => onChange(e.target.value === 'all' ? { all: children } : { any: children })}>
          <option value="all">all of these are true</option>
          <option value="any">any of these is true</option>
        </select>
        {onRemove && (
          <button type="button" className="button small" onClick={onRemove}>
            Remove group
          </button>
        )}
      </div>
      {children.length === 0 && <p className="muted">No rules yet.</p>}
      {children.map((child, index) =>
        isGroup(child) ? (
          <GroupEditor
            key={index}
            group={child}
            path={`${path} ${index + 1}`}
            depth={depth + 1}
            onChange={(g) => setChild(index, g)}
            onRemove={() => removeChild(index)}
            facts={facts}
            segments={segments}
            disabled={disabled}
          />
        ) : 'fact' in child ? (
          <RowEditor key={index} row={child} name={`${path} ${index + 1}`} onChange={(row) => setChild(index, row)} onRemove={() => removeChild(index)} facts={facts} segments={segments} />
        ) : (
          <p key={index} className="muted">
            A “not” rule (kept as it is).
          </p>
        ),
      )}
      <div className="row">
        <button type="button" className="button small" onClick={() => onChange(withChildren(group, [...children, newRow()]))}>
          Add rule
        </button>
        {depth < 3 && (
          <button type="button" className="button small" onClick={() => onChange(withChildren(group, [...children, { any: [newRow()] }]))}>
            Add group
          </button>
        )}
      </div>
    </fieldset>
  );
}

interface RowEditorProps {
  row: FactCondition;
  name: string;
  onChange(row: FactCondition): void;
  onRemove(): void;
  facts: FactDefinition[] | null;
  segments: Array<{ id: string; name: string }>;
}

const CUSTOM = '__custom__';

function RowEditor({ row, name, onChange, onRemove, facts, segments }: RowEditorProps) {
  const id = useId();
  const fact = facts?.find((f) => f.name === row.fact);
  const custom = facts !== null && !fact;
  const operators = operatorsFor(fact?.type);
  const kind = valueKindOf(row.operator);
  const changeFact = (factName: string) => {
    const next = facts?.find((f) => f.name === factName);
    const ops = operatorsFor(next?.type);
    const operator = ops.some((o) => o.name === row.operator) ? row.operator : (ops[0]?.name ?? 'equal');
    onChange({ fact: factName, operator, value: operator === row.operator && next?.type === fact?.type ? row.value : initialValue(valueKindOf(operator), next?.type) });
  };
  return (
    <div className="condition-row" role="group" aria-label={name}>
      {facts ? (
        <>
          <label htmlFor={`${id}-fact`} className="visually-hidden">
            {name} field
          </label>
          <select id={`${id}-fact`} value={custom ? CUSTOM : row.fact} onChange={(e) => changeFact(e.target.value === CUSTOM ? 'attributes.' : e.target.value)}>
            {facts
              .filter((f) => f.type !== 'any')
              .map((f) => (
                <option key={f.name} value={f.name}>
                  {f.label}
                </option>
              ))}
            <option value={CUSTOM}>Other attribute…</option>
          </select>
          {custom && (
            <>
              <label htmlFor={`${id}-attr`} className="visually-hidden">
                {name} attribute name
              </label>
              <input id={`${id}-attr`} placeholder="attribute name" value={row.fact.replace(/^attributes\./, '')} onChange={(e) => onChange({ ...row, fact: `attributes.${e.target.value}` })} />
            </>
          )}
        </>
      ) : (
        <>
          <label htmlFor={`${id}-fact`} className="visually-hidden">
            {name} field
          </label>
          <input id={`${id}-fact`} placeholder="property" value={row.fact} onChange={(e) => onChange({ ...row, fact: e.target.value })} />
        </>
      )}
      <label htmlFor={`${id}-op`} className="visually-hidden">
        {name} operator
      </label>
      <select
        id={`${id}-op`}
        value={row.operator}
        onChange={(e) => {
          const operator = e.target.value;
          const sameKind = valueKindOf(operator) === kind;
          onChange({ ...row, operator, value: sameKind ? row.value : initialValue(valueKindOf(operator), fact?.type) });
        }}
      >
        {operators.map((op) => (
          <option key={op.name} value={op.name}>
            {op.label}
          </option>
        ))}
      </select>
      <ValueInput id={`${id}-value`} name={name} row={row} fact={fact} segments={segments} onChange={(value) => onChange({ ...row, value })} />
      <button type="button" className="button small" aria-label={`Remove ${name}`} onClick={onRemove}>
        ×
      </button>
    </div>
  );
}

function ValueInput({ id, name, row, fact, segments, onChange }: { id: string; name: string; row: FactCondition; fact: FactDefinition | undefined; segments: Array<{ id: string; name: string }>; onChange(value: unknown): void }) {
  const kind = valueKindOf(row.operator);
  const label = (
    <label htmlFor={id} className="visually-hidden">
      {name} value
    </label>
  );
  const number = (value: string) => (value === '' ? Number.NaN : Number(value));
  switch (kind) {
    case 'number':
    case 'dayCount':
      return (
        <>
          {label}
          <input id={id} type="number" value={typeof row.value === 'number' && Number.isFinite(row.value) ? row.value : ''} onChange={(e) => onChange(number(e.target.value))} />
          {kind === 'dayCount' && <span className="muted">days</span>}
        </>
      );
    case 'numberRange': {
      const [low, high] = Array.isArray(row.value) ? (row.value as number[]) : [Number.NaN, Number.NaN];
      return (
        <>
          <label htmlFor={`${id}-low`} className="visually-hidden">
            {name} lowest value
          </label>
          <input id={`${id}-low`} type="number" value={Number.isFinite(low) ? low : ''} onChange={(e) => onChange([number(e.target.value), high])} />
          <span className="muted">and</span>
          <label htmlFor={`${id}-high`} className="visually-hidden">
            {name} highest value
          </label>
          <input id={`${id}-high`} type="number" value={Number.isFinite(high) ? high : ''} onChange={(e) => onChange([low, number(e.target.value)])} />
        </>
      );
    }
    case 'scalarList':
      return (
        <>
          {label}
          <ListInput key={`${row.fact}|${row.operator}`} id={id} value={row.value} numeric={fact?.type === 'number'} onChange={onChange} />
        </>
      );
    case 'segmentId':
      return (
        <>
          {label}
          <select id={id} value={typeof row.value === 'string' ? row.value : ''} onChange={(e) => onChange(e.target.value)}>
            <option value="">Choose a segment</option>
            {segments.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </>
      );
    case 'boolean':
      return (
        <>
          {label}
          <select id={id} value={row.value === false ? 'false' : 'true'} onChange={(e) => onChange(e.target.value === 'true')}>
            <option value="true">yes</option>
            <option value="false">no</option>
          </select>
        </>
      );
    default:
      if (fact?.type === 'boolean') {
        return (
          <>
            {label}
            <select id={id} value={row.value === false ? 'false' : 'true'} onChange={(e) => onChange(e.target.value === 'true')}>
              <option value="true">yes</option>
              <option value="false">no</option>
            </select>
          </>
        );
      }
      if (fact?.values) {
        return (
          <>
            {label}
            <select id={id} value={typeof row.value === 'string' ? row.value : ''} onChange={(e) => onChange(e.target.value)}>
              <option value="">Choose</option>
              {fact.values.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          </>
        );
      }
      return (
        <>
          {label}
          <input
            id={id}
            type={fact?.type === 'number' ? 'number' : 'text'}
            value={row.value === null || row.value === undefined || (typeof row.value === 'number' && !Number.isFinite(row.value)) ? '' : String(row.value)}
            onChange={(e) => onChange(fact?.type === 'number' ? number(e.target.value) : e.target.value)}
          />
        </>
      );
  }
}

/** A comma-separated list; the text is kept as typed (a trailing comma included) while the value is the parsed list. */
function ListInput({ id, value, numeric, onChange }: { id: string; value: unknown; numeric: boolean; onChange(value: unknown[]): void }) {
  const [text, setText] = useState(Array.isArray(value) ? value.join(', ') : '');
  return (
    <input
      id={id}
      placeholder="values, separated by commas"
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange(
          e.target.value
            .split(',')
            .map((part) => part.trim())
            .filter((part) => part !== '')
            .map((part) => (numeric && Number.isFinite(Number(part)) ? Number(part) : part)),
        );
      }}
    />
  );
}
