import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { usePermissions } from '../admin/permissions';
import { ApiError } from '../api/client';
import { archiveSegment, fetchMembers, fetchSegment, fetchSizeHistory, refreshSegment } from '../api/segments';
import { ErrorMessage } from '../components/ErrorMessage';
import { Pagination } from '../components/Pagination';
import { formatCount, formatDateTime } from '../format';
import { useApiData } from '../hooks/useApiData';
import { MembersTable } from '../segments/MembersTable';
import { MembershipHistory } from '../segments/MembershipHistory';
import { describeDefinition, KIND_LABELS } from '../segments/segment-words';
import { SizeHistoryChart } from '../segments/SizeHistoryChart';
import { useSegmentHistory } from '../segments/useSegmentHistory';
import '../segments/segments.css';

const PAGE_SIZE = 25;
const WINDOW_DAYS = 90;

/** One segment: who is in it, how its size moved, who entered and left and why. */
export function SegmentDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { canEditSegments } = usePermissions();
  const [page, setPage] = useState(1);
  const [version, setVersion] = useState(0);
  const [busy, setBusy] = useState<'refresh' | 'archive' | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);

  const segment = useApiData((signal) => fetchSegment(id, signal), [id, version]);
  const members = useApiData((signal) => fetchMembers(id, page, PAGE_SIZE, signal), [id, page, version]);
  const sizes = useApiData((signal) => fetchSizeHistory(id, WINDOW_DAYS, signal), [id, version]);
  const history = useSegmentHistory(id, version);

  async function act(kind: 'refresh' | 'archive') {
    if (!segment.data) return;
    if (kind === 'archive' && !window.confirm(`Archive “${segment.data.name}”? Every member exits the segment.`)) return;
    setBusy(kind);
    setActionError(null);
    try {
      if (kind === 'refresh') await refreshSegment(segment.data.id);
      else await archiveSegment(segment.data.id);
      if (kind === 'archive') navigate('/segments');
      else setVersion((v) => v + 1);
    } catch (error) {
      setActionError(error);
    } finally {
      setBusy(null);
    }
  }

  if (segment.error instanceof ApiError && (segment.error.status === 404 || segment.error.status === 400)) {
    return (
      <section className="not-found" aria-labelledby="no-segment-title">
        <h1 id="no-segment-title">No such segment</h1>
        <p>There is no segment with the id “{id}”.</p>
        <p>
          <Link to="/segments">Back to the segments</Link>
        </p>
      </section>
    );
  }
  if (segment.error) return <ErrorMessage error={segment.error} />;
  if (!segment.data) {
    return (
      <p className="page-status" role="status">
        Loading segment…
      </p>
    );
  }
  const s = segment.data;
  const archived = s.archivedAt !== null;
  return (
    <article aria-labelledby="segment-title">
      <p className="breadcrumb">
        <Link to="/segments">Segments</Link> /
      </p>
      <h1 id="segment-title">{s.name}</h1>
      {s.description && <p>{s.description}</p>}
      <dl className="figures" aria-label="Segment summary">
        <div className="figure">
          <dt>Customers</dt>
          <dd data-testid="segment-size">{formatCount(s.size)}</dd>
        </div>
        <div className="figure">
          <dt>Kind</dt>
          <dd>{KIND_LABELS[s.kind]}</dd>
        </div>
        <div className="figure">
          <dt>Last refresh</dt>
          <dd>{formatDateTime(s.lastRefreshedAt)}</dd>
        </div>
      </dl>
      <p className="muted">{archived ? `Archived ${formatDateTime(s.archivedAt)}.` : describeDefinition(s)}</p>
      {canEditSegments && !archived && (
        <div className="actions">
          <button type="button" className="button" disabled={busy !== null} onClick={() => act('refresh')}>
            {busy === 'refresh' ? 'Refreshing…' : 'Refresh now'}
          </button>
          <Link className="button" to={`/segments/${s.id}/edit`}>
            {s.kind === 'manual' ? 'Edit list' : 'Edit'}
          </Link>
          <span className="spacer" />
          <button type="button" className="button" disabled={busy !== null} onClick={() => act('archive')}>
            Archive
          </button>
        </div>
      )}
      <ErrorMessage error={actionError} />
      <section className="panel" aria-labelledby="size-heading">
        <h2 id="size-heading">Membership over time</h2>
        {sizes.data && <SizeHistoryChart days={sizes.data.days} />}
        <ErrorMessage error={sizes.error} />
      </section>
      <div className="two-columns" style={{ marginTop: '1rem' }}>
        <section className="panel" aria-labelledby="members-heading">
          <h2 id="members-heading">Members</h2>
          <ErrorMessage error={members.error} />
          {members.data && members.data.items.length === 0 && <p className="empty">Nobody is in this segment right now.</p>}
          {members.data && members.data.items.length > 0 && <MembersTable members={members.data.items} showScore={members.data.modelVersionId !== null} />}
          {members.data && <Pagination page={members.data.page} pageSize={members.data.pageSize} total={members.data.total} noun={['member', 'members']} onPageChange={setPage} />}
        </section>
        <section className="panel" aria-labelledby="history-heading">
          <h2 id="history-heading">Entries and exits</h2>
          {history.items.length > 0 && <MembershipHistory items={history.items} />}
          {!history.loading && !history.error && history.items.length === 0 && <p className="empty">No one has entered or left yet.</p>}
          <ErrorMessage error={history.error} />
          {history.nextBefore && !history.loading && (
            <button type="button" className="button" onClick={history.loadMore}>
              Load more
            </button>
          )}
        </section>
      </div>
    </article>
  );
}
