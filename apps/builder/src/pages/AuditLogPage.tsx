import { useState } from 'react';
import { AdminNav } from '../admin/AdminNav';
import { AdminOnly } from '../admin/AdminOnly';
import { listAudit } from '../api/admin';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatDateTime, formatValue } from '../format';
import { useApiData } from '../hooks/useApiData';
import '../segments/segments.css';

/** Who did what, newest first, a page of 50 at a time. */
export function AuditLogPage() {
  return (
    <AdminOnly>
      <AuditScreen />
    </AdminOnly>
  );
}

function AuditScreen() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const before = cursors[cursors.length - 1];
  const entries = useApiData((signal) => listAudit(before, signal), [before]);
  const items = entries.data ?? [];
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit log</h1>
      <AdminNav />
      <ErrorMessage error={entries.error} />
      {entries.data && items.length === 0 && <p className="empty">Nothing recorded yet.</p>}
      {items.length > 0 && (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">Audit log</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">On</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.id}>
                  <td>{formatDateTime(e.at)}</td>
                  <td>{e.actorId ? `${e.actorType} ${e.actorId}` : e.actorType}</td>
                  <th scope="row">{e.action}</th>
                  <td>{e.targetType ? `${e.targetType} ${e.targetId ?? ''}` : '—'}</td>
                  <td style={{ whiteSpace: 'normal' }}>
                    {Object.entries(e.details ?? {})
                      .map(([k, v]) => `${k}: ${formatValue(v)}`)
                      .join('; ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="actions" style={{ marginTop: '0.75rem' }}>
        <button type="button" className="button" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          Newer
        </button>
        <button type="button" className="button" disabled={items.length < 50} onClick={() => setCursors([...cursors, items[items.length - 1].id])}>
          Older
        </button>
      </div>
    </section>
  );
}
