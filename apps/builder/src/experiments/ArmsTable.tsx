import type { SplitResult } from '../api/experiments';
import { formatCount } from '../format';
import { interval, percent, points, pValue, signedPercent } from './experiment-words';

/** Every arm of one split: counts, rate with its interval, lift against the control, p-value, probabilities. */
export function ArmsTable({ experiment }: { experiment: SplitResult }) {
  const confidence = `${Math.round(experiment.confidence * 100)} %`;
  return (
    <table className="data-table" aria-label={`Arms of ${experiment.label ?? experiment.nodeId}`}>
      <thead>
        <tr>
          <th scope="col">Arm</th>
          <th scope="col">Exposures</th>
          <th scope="col">Conversions</th>
          <th scope="col">Conversion rate ({confidence} interval)</th>
          <th scope="col">Lift vs control ({confidence} interval)</th>
          <th scope="col">Relative lift</th>
          <th scope="col">p-value</th>
          <th scope="col">P(beat control)</th>
          <th scope="col">P(best)</th>
        </tr>
      </thead>
      <tbody>
        {experiment.arms.map((arm) => (
          <tr key={arm.id} data-testid={`arm-${arm.id}`}>
            <th scope="row">
              {arm.label}
              {arm.isControl && ' (control)'}
              {experiment.decision?.variantId === arm.id && ' · promoted'}
            </th>
            <td>{formatCount(arm.exposures)}</td>
            <td>{formatCount(arm.conversions)}</td>
            <td>
              {percent(arm.rate)} <span className="muted">({interval(arm.rateInterval, (v) => percent(v))})</span>
            </td>
            <td>{arm.isControl ? 'baseline' : arm.absoluteLift ? `${points(arm.absoluteLift.estimate)} (${interval(arm.absoluteLift, points)})` : '—'}</td>
            <td>{arm.isControl ? '—' : arm.relativeLift ? `${signedPercent(arm.relativeLift.estimate)} (${interval(arm.relativeLift, signedPercent)})` : '—'}</td>
            <td>{arm.isControl ? '—' : pValue(arm.zTest?.pValue)}</td>
            <td>{arm.isControl ? '—' : percent(arm.probabilityToBeatControl)}</td>
            <td>{percent(arm.probabilityToBeBest)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
