import { formatCount } from '../format';

interface PaginationProps {
  page: number;
  pageSize: number;
  total: number;
  /** What is counted, singular and plural: ['customer', 'customers']. */
  noun: [string, string];
  onPageChange(page: number): void;
}

/** "Showing 26–50 of 4,372 customers", with previous and next buttons. */
export function Pagination({ page, pageSize, total, noun, onPageChange }: PaginationProps) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <nav className="pagination" aria-label="Pages">
      <p role="status" data-testid="result-count">
        {total === 0 ? `No ${noun[1]}` : `Showing ${formatCount(first)}–${formatCount(last)} of ${formatCount(total)} ${total === 1 ? noun[0] : noun[1]}`}
      </p>
      <div className="pagination-buttons">
        <button type="button" className="button" disabled={page <= 1} onClick={() => onPageChange(page - 1)}>
          Previous
        </button>
        <span>
          Page {formatCount(Math.min(page, pages))} of {formatCount(pages)}
        </span>
        <button type="button" className="button" disabled={page >= pages} onClick={() => onPageChange(page + 1)}>
          Next
        </button>
      </div>
    </nav>
  );
}
