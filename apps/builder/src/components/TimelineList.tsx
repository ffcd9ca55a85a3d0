import type { TimelineEvent, TimelineItem, TimelineTransaction } from '../api/types';
import { formatAmount, formatDateTime, formatValue } from '../format';

/** A customer's events and transactions, newest first. */
export function TimelineList({ items }: { items: TimelineItem[] }) {
  return (
    <ol className="timeline" aria-label="Timeline">
      {items.map((item) => (
        <li key={`${item.type}:${item.id}`} className={`timeline-item ${item.type}`}>
          <time dateTime={item.at}>{formatDateTime(item.at)}</time>
          {item.type === 'event' ? <EventEntry event={item} /> : <TransactionEntry transaction={item} />}
        </li>
      ))}
    </ol>
  );
}

function EventEntry({ event }: { event: TimelineEvent }) {
  const properties = Object.entries(event.properties ?? {});
  return (
    <div className="timeline-body">
      <p className="timeline-title">
        <span className="kind">Event</span> {event.name}
      </p>
      {properties.length > 0 && (
        <p className="timeline-detail">
          {properties.map(([key, value]) => (
            <span key={key} className="pair">
              {key}: {formatValue(value)}
            </span>
          ))}
        </p>
      )}
    </div>
  );
}

function TransactionEntry({ transaction: t }: { transaction: TimelineTransaction }) {
  const label = t.isCancellation ? 'Cancellation' : t.isReturn ? 'Return' : 'Purchase';
  return (
    <div className="timeline-body">
      <p className="timeline-title">
        <span className={`kind ${t.isReturn || t.isCancellation ? 'negative' : ''}`}>{label}</span> {formatAmount(t.amount, t.currency)} · invoice{' '}
        {t.invoice}
      </p>
      <p className="timeline-detail">
        {t.quantity ?? '?'} × {t.description ?? t.sku ?? 'item'}
        {t.unitPrice !== null && ` at ${formatAmount(t.unitPrice, t.currency)}`}
        {t.sku && t.description && <span className="muted"> (SKU {t.sku})</span>}
      </p>
    </div>
  );
}
