import type { CustomerActivitySummary } from '../api/types';
import { formatAmount, formatCount, formatDate } from '../format';

/** The customer's activity as a few figures. */
export function SummaryFigures({ summary }: { summary: CustomerActivitySummary }) {
  const figures: [string, string][] = [
    ['Orders', formatCount(summary.orders)],
    ['Net revenue', formatAmount(summary.netRevenue)],
    ['Returns', formatCount(summary.returns)],
    ['Transaction lines', formatCount(summary.transactionLines)],
    ['Events', formatCount(summary.events)],
    ['First purchase', formatDate(summary.firstPurchaseAt)],
    ['Last purchase', formatDate(summary.lastPurchaseAt)],
  ];
  return (
    <dl className="figures" aria-label="Activity summary">
      {figures.map(([label, value]) => (
        <div key={label} className="figure">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
