import type { ConfusionCounts } from '../api/models';
import { formatCount } from '../format';

/** Held-out customers by what happened (rows) and what the model said (columns). */
export function ConfusionMatrix({ confusion, threshold }: { confusion: ConfusionCounts; threshold?: number }) {
  return (
    <table className="confusion">
      <caption className="chart-title">Confusion matrix{threshold !== undefined ? ` at a risk of ${threshold}` : ''}</caption>
      <thead>
        <tr>
          <td />
          <th scope="col">Predicted churn</th>
          <th scope="col">Predicted stay</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <th scope="row">Churned</th>
          <td data-testid="true-positives">{formatCount(confusion.truePositives)}</td>
          <td>{formatCount(confusion.falseNegatives)}</td>
        </tr>
        <tr>
          <th scope="row">Stayed</th>
          <td>{formatCount(confusion.falsePositives)}</td>
          <td>{formatCount(confusion.trueNegatives)}</td>
        </tr>
      </tbody>
    </table>
  );
}
