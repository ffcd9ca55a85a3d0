import { ApiError } from '../api/client';
import { fetchCustomerScore } from '../api/models';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatDateTime } from '../format';
import { useApiData } from '../hooks/useApiData';
import { ALGORITHM_LABELS } from './model-words';

/** The customer's churn risk from the active model and its top reasons in words. */
export function ChurnScorePanel({ customerId }: { customerId: number }) {
  const score = useApiData((signal) => fetchCustomerScore(customerId, signal), [customerId]);
  const unscored = score.error instanceof ApiError && score.error.status === 404;
  return (
    <section className="panel" aria-labelledby="churn-heading">
      <h2 id="churn-heading">Churn risk</h2>
      {unscored && <p className="empty">Not scored: no active churn model covers this customer yet.</p>}
      {!unscored && <ErrorMessage error={score.error} />}
      {score.data && (
        <>
          <p>
            <span className="score-figure" data-testid="churn-score">
              {Math.round(score.data.score * 100)}%
            </span>{' '}
            <span className="muted">
              chance of churning, by {ALGORITHM_LABELS[score.data.model.algorithm] ?? score.data.model.algorithm} v{score.data.model.version}
              {score.data.model.rocAuc !== null ? ` (ROC AUC ${score.data.model.rocAuc.toFixed(2)})` : ''}, scored {formatDateTime(score.data.scoredAt)}
            </span>
          </p>
          {score.data.reasons.length > 0 ? (
            <>
              <h3 className="chart-title">Why</h3>
              <ol className="reasons" aria-label="Reasons for the churn risk">
                {score.data.reasons.map((reason) => (
                  <li key={reason.feature}>{reason.text}</li>
                ))}
              </ol>
            </>
          ) : (
            <p className="empty">Nothing stands out: this customer looks like a typical one.</p>
          )}
        </>
      )}
    </section>
  );
}
