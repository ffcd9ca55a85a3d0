import { formatValue } from '../format';

interface PropertyListProps {
  entries: [string, unknown][];
  emptyText: string;
}

/** Name/value pairs (profile fields, attributes) as a definition list. */
export function PropertyList({ entries, emptyText }: PropertyListProps) {
  if (entries.length === 0) return <p className="empty">{emptyText}</p>;
  return (
    <dl className="property-list">
      {entries.map(([name, value]) => (
        <div key={name} className="property">
          <dt>{name}</dt>
          <dd>{formatValue(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
