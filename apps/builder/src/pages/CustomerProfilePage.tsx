import { Link, useParams } from 'react-router-dom';
import { api, ApiError } from '../api/client';
import { fetchCustomer } from '../api/customers';
import type { CustomerDetail } from '../api/types';
import { customerLabel } from '../components/CustomersTable';
import { ErrorMessage } from '../components/ErrorMessage';
import { PropertyList } from '../components/PropertyList';
import { SummaryFigures } from '../components/SummaryFigures';
import { TimelineList } from '../components/TimelineList';
import { useCustomerTimeline } from '../customers/useCustomerTimeline';
import { formatDate, formatDateTime } from '../format';
import { useApiData } from '../hooks/useApiData';
import { ChurnScorePanel } from '../models/ChurnScorePanel';
import { CustomerSegmentsPanel } from '../segments/CustomerSegmentsPanel';
import '../segments/segments.css';

/** One customer: profile fields, attributes, aliases, activity figures, churn risk, segments, journeys and timeline. */
export function CustomerProfilePage() {
  const { id = '' } = useParams();
  const customer = useApiData((signal) => fetchCustomer(id, signal), [id]);

  if (customer.error instanceof ApiError && (customer.error.status === 404 || customer.error.status === 400)) {
    return (
      <section className="not-found" aria-labelledby="no-customer-title">
        <h1 id="no-customer-title">No such customer</h1>
        <p>There is no customer with the id “{id}”. It may have been merged into another customer or deleted.</p>
        <p>
          <Link to="/customers">Back to the customers</Link>
        </p>
      </section>
    );
  }
  if (customer.error) return <ErrorMessage error={customer.error} />;
  if (!customer.data) {
    return (
      <p className="page-status" role="status">
        Loading customer…
      </p>
    );
  }
  return <CustomerProfile customer={customer.data} />;
}

function profileFields(c: CustomerDetail): [string, unknown][] {
  return [
    ['Customer id', c.id],
    ['External id', c.externalId],
    ['Email', c.email],
    ['Email consent', c.emailConsent ? 'Yes' : 'No'],
    ['Country', c.country],
    ['City', c.city],
    ['Plan', c.plan],
    ['Age', c.age],
    ['Occupation', c.occupation],
    ['Time zone', c.timeZone],
    ['Signed up', c.signupAt ? formatDate(c.signupAt) : null],
    ['Created', formatDateTime(c.createdAt)],
    ['Updated', formatDateTime(c.updatedAt)],
  ];
}

function CustomerProfile({ customer }: { customer: CustomerDetail }) {
  const timeline = useCustomerTimeline(String(customer.id));
  return (
    <article className="profile" aria-labelledby="customer-title">
      <p className="breadcrumb">
        <Link to="/customers">Customers</Link> /
      </p>
      <h1 id="customer-title">{customerLabel(customer)}</h1>
      <SummaryFigures summary={customer.summary} />
      <div className="profile-columns">
        <section aria-labelledby="profile-heading" className="panel">
          <h2 id="profile-heading">Profile</h2>
          <PropertyList entries={profileFields(customer)} emptyText="" />
        </section>
        <div className="panel">
          <section aria-labelledby="attributes-heading">
            <h2 id="attributes-heading">Attributes</h2>
            <PropertyList entries={Object.entries(customer.attributes ?? {})} emptyText="No other attributes." />
          </section>
          <section aria-labelledby="aliases-heading">
            <h2 id="aliases-heading">Aliases</h2>
            {customer.aliases.length === 0 ? (
              <p className="empty">No aliases.</p>
            ) : (
              <ul className="aliases">
                {customer.aliases.map((alias) => (
                  <li key={`${alias.kind}:${alias.value}`}>
                    <span className="kind">{alias.kind}</span> {alias.value}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      </div>
      <div className="profile-columns">
        <ChurnScorePanel customerId={customer.id} />
        <CustomerSegmentsPanel customerId={customer.id} />
      </div>
      <JourneysPanel customerId={customer.id} />
      <section aria-labelledby="timeline-heading" className="panel">
        <h2 id="timeline-heading">Timeline</h2>
        {timeline.items.length > 0 && <TimelineList items={timeline.items} />}
        {!timeline.loading && !timeline.error && timeline.items.length === 0 && <p className="empty">Nothing has happened yet.</p>}
        <ErrorMessage error={timeline.error} />
        {timeline.loading && (
          <p className="page-status" role="status">
            Loading timeline…
          </p>
        )}
        {timeline.nextBefore && !timeline.loading && (
          <button type="button" className="button" onClick={timeline.loadMore}>
            Load more
          </button>
        )}
      </section>
    </article>
  );
}

/** One enrollment of GET /api/customers/:id/journeys (apps/engine/src/runtime/live/customer-journeys.service.ts). */
interface Journey {
  enrollmentId: string;
  flowId: number;
  flowName: string;
  version: number;
  status: string;
  currentNodeId: string | null;
  waitEventName: string | null;
  enteredAt: string;
  finishedAt: string | null;
  lastError: string | null;
  outcomes: { nodeId: string; kind: string; variantId: string | null; occurredAt: string }[];
}

/** The customer's journeys, when the engine offers them; without the endpoint the section is left out. */
function JourneysPanel({ customerId }: { customerId: number }) {
  const journeys = useApiData((signal) => api.get<{ items: Journey[] }>(`/api/customers/${customerId}/journeys`, { signal }), [customerId]);
  if (journeys.error || !journeys.data) return null;
  const items = journeys.data.items ?? [];
  return (
    <section aria-labelledby="journeys-heading" className="panel" style={{ marginBottom: '1rem' }}>
      <h2 id="journeys-heading">Journeys</h2>
      {items.length === 0 ? (
        <p className="empty">Not in any journey.</p>
      ) : (
        <ol className="timeline" aria-label="Journeys">
          {items.map((j) => (
            <li key={j.enrollmentId} className="timeline-item">
              <time dateTime={j.enteredAt}>{formatDateTime(j.enteredAt)}</time>
              <div>
                <p className="timeline-title">
                  <Link to={`/flows/${j.flowId}`}>{j.flowName}</Link> v{j.version} <span className="kind">{j.status}</span>
                </p>
                <p className="timeline-detail">
                  {j.currentNodeId && !j.finishedAt && <span>at {j.currentNodeId}</span>}
                  {j.waitEventName && <span>waiting for “{j.waitEventName}”</span>}
                  {j.finishedAt && <span>finished {formatDateTime(j.finishedAt)}</span>}
                  {j.lastError && <span>{j.lastError}</span>}
                  {j.outcomes.map((o, i) => (
                    <span key={i}>
                      {o.kind} at {o.nodeId}
                      {o.variantId ? ` (${o.variantId})` : ''}
                    </span>
                  ))}
                </p>
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
