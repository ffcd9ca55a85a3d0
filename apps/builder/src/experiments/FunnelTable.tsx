import type { FlowFunnel } from '../api/experiments';
import { formatCount } from '../format';
import { stepName } from './FunnelChart';

/** Outcome kinds as words; unknown kinds are shown as they are. */
const OUTCOME_WORDS: Record<string, string> = {
  entered: 'entered',
  sent: 'sent',
  duplicate: 'not sent twice',
  skipped: 'skipped',
  deferred: 'deferred',
  failed: 'failed',
  waiting: 'waiting',
  resumed: 'resumed',
  'timed-out': 'timed out',
  completed: 'completed',
  email_opened: 'opened',
  email_clicked: 'clicked',
  'goal-reached': 'reached the goal',
  'goal-missed': 'missed the goal',
  exited: 'left',
  'held-out': 'held out',
};

/** Per step: enrollments per outcome, overall and per A/B arm (the arm taken before the step). */
export function FunnelTable({ funnel }: { funnel: FlowFunnel }) {
  const arms = [...new Set(funnel.nodes.flatMap((node) => node.byArm.map((arm) => arm.variantId)))].sort();
  const outcomes = (counts: Record<string, number>) =>
    Object.entries(counts)
      .filter(([kind]) => kind !== 'entered')
      .map(([kind, n]) => `${formatCount(n)} ${OUTCOME_WORDS[kind] ?? kind}`)
      .join(', ');
  return (
    <div className="table-scroll">
      <table className="data-table" aria-label="Funnel per step and arm">
        <thead>
          <tr>
            <th scope="col">Step</th>
            <th scope="col">Entered</th>
            {arms.map((arm) => (
              <th scope="col" key={arm}>
                Arm {arm}
              </th>
            ))}
            <th scope="col">Outcomes</th>
          </tr>
        </thead>
        <tbody>
          {funnel.nodes.map((node) => (
            <tr key={node.nodeId}>
              <th scope="row">{stepName(node)}</th>
              <td>{formatCount(node.entered)}</td>
              {arms.map((arm) => {
                const ofArm = node.byArm.find((entry) => entry.variantId === arm);
                return <td key={arm}>{ofArm ? formatCount(ofArm.entered) : '—'}</td>;
              })}
              <td>{outcomes(node.outcomes) || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
