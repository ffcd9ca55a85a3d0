import { useState } from 'react';
import { usePermissions } from '../admin/permissions';
import { fetchRfmGrid, refreshSegmentation } from '../api/segments';
import { HeatGrid, type HeatCell } from '../charts/HeatGrid';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatCount, formatDate } from '../format';
import { useApiData } from '../hooks/useApiData';
import { SegmentsNav } from '../segments/SegmentsNav';
import '../segments/segments.css';

const ROWS = [5, 4, 3, 2, 1];
const COLUMNS = [1, 2, 3, 4, 5];

/** The 5 × 5 RFM grid (recency against frequency-and-money) with the named segments beside it. */
export function RfmGridPage() {
  const grid = useApiData((signal) => fetchRfmGrid(signal), []);
  const [pointed, setPointed] = useState<string | null>(null);
  return (
    <section aria-labelledby="rfm-title">
      <h1 id="rfm-title">RFM grid</h1>
      <SegmentsNav />
      <SegmentationRefresh />
      <ErrorMessage error={grid.error} />
      {grid.data && grid.data.scoredCustomers === 0 && <p className="empty">No customer has an RFM score yet: import transactions and refresh the segmentation.</p>}
      {grid.data && grid.data.scoredCustomers > 0 && (
        <>
          <p className="muted" data-testid="rfm-summary">
            {formatCount(grid.data.scoredCustomers)} customers scored{grid.data.asOf ? ` as of ${formatDate(grid.data.asOf)}` : ''}. Rows: {grid.data.axes.rows}; columns: {grid.data.axes.columns}.
          </p>
          <div className="rfm-layout">
            <HeatGrid
              title="Customers per RFM cell"
              rows={ROWS}
              columns={COLUMNS}
              rowLabel="Recency"
              columnLabel="Frequency & monetary"
              cells={grid.data.cells.map((c): HeatCell => ({ row: c.r, column: c.fm, value: c.customers, name: c.segment }))}
              formatValue={formatCount}
              highlighted={(cell) => cell.name === pointed}
              onCellFocus={(cell) => setPointed(cell?.name ?? null)}
            />
            <div className="table-scroll">
              <table className="data-table rfm-legend">
                <caption className="visually-hidden">RFM segments</caption>
                <thead>
                  <tr>
                    <th scope="col">Segment</th>
                    <th scope="col">Customers</th>
                    <th scope="col">Who they are</th>
                  </tr>
                </thead>
                <tbody>
                  {grid.data.segments.map((s) => (
                    <tr key={s.segment} className={pointed === s.segment ? 'highlighted' : undefined} onMouseEnter={() => setPointed(s.segment)} onMouseLeave={() => setPointed(null)}>
                      <th scope="row">{s.segment}</th>
                      <td>{formatCount(s.customers)}</td>
                      <td style={{ whiteSpace: 'normal' }}>{s.description}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        </>
      )}
    </section>
  );
}

/** Starts a full facts refresh (features, RFM, clusters) for those who may. */
export function SegmentationRefresh() {
  const { canEditSegments } = usePermissions();
  const [state, setState] = useState<{ busy: boolean; done: boolean; error: unknown }>({ busy: false, done: false, error: null });
  if (!canEditSegments) return null;
  async function start() {
    setState({ busy: true, done: false, error: null });
    try {
      await refreshSegmentation();
      setState({ busy: false, done: true, error: null });
    } catch (error) {
      setState({ busy: false, done: false, error });
    }
  }
  return (
    <div className="actions">
      <button type="button" className="button" disabled={state.busy} onClick={start}>
        Refresh segmentation
      </button>
      {state.done && <span role="status">Refresh started; reload in a minute to see the new figures.</span>}
      <ErrorMessage error={state.error} />
    </div>
  );
}
