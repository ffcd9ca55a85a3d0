import { useState } from 'react';
import { promoteArm, type ArmResult, type SplitResult } from '../api/experiments';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatCount, formatDateTime } from '../format';
import { ArmsTable } from './ArmsTable';
import { percent, points, sampleRatioSentence, sampleSentence } from './experiment-words';
import { IntervalChart } from './IntervalChart';
import { PromoteDialog } from './PromoteDialog';

interface ExperimentCardProps {
  flowId: number;
  experiment: SplitResult;
  canPromote: boolean;
  /** Called after a promotion so the page reloads the results. */
  onPromoted(): void;
}

/** One A/B split: whether to trust it, its arms as a table and two interval charts, and promotion. */
export function ExperimentCard({ flowId, experiment, canPromote, onPromoted }: ExperimentCardProps) {
  const [asking, setAsking] = useState<ArmResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const name = experiment.label ?? experiment.nodeId;
  const srm = sampleRatioSentence(experiment);
  const decidedArm = experiment.decision ? experiment.arms.find((arm) => arm.id === experiment.decision?.variantId) : undefined;

  const promote = async (acknowledgeWeakEvidence: boolean) => {
    if (!asking) return;
    setBusy(true);
    setError(null);
    try {
      await promoteArm(flowId, experiment.nodeId, asking.id, experiment.experimentKey, acknowledgeWeakEvidence);
      setAsking(null);
      onPromoted();
    } catch (e) {
      setError(e);
      setAsking(null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="experiment-card" aria-labelledby={`split-${experiment.nodeId}`} data-testid="experiment">
      <h2 id={`split-${experiment.nodeId}`}>
        A/B split “{name}” <span className="muted">· experiment {experiment.experimentKey} · versions {experiment.versions.join(', ')}</span>
      </h2>
      <div className="experiment-status">
        <p className={experiment.sample.reached ? 'ok-note' : 'warning-note'} data-testid="sample-status">
          {sampleSentence(experiment)}
        </p>
        {srm && (
          <p className={experiment.sampleRatio?.mismatch ? 'warning-note' : 'muted'} data-testid="srm-status" role={experiment.sampleRatio?.mismatch ? 'alert' : undefined}>
            {srm}
          </p>
        )}
        {experiment.decision && (
          <p className="decision-note" data-testid="decision">
            “{decidedArm?.label ?? experiment.decision.variantId}” was promoted on {formatDateTime(experiment.decision.decidedAt)}: new entrants go to it.
          </p>
        )}
      </div>
      <div className="table-scroll">
        <ArmsTable experiment={experiment} />
      </div>
      <div className="results-charts">
        <IntervalChart
          title="Conversion rate per arm, with its interval"
          style="bar"
          format={(v) => percent(v, 0)}
          rows={experiment.arms.map((arm) => ({
            label: arm.label,
            estimate: arm.rate,
            lower: arm.rateInterval?.lower ?? null,
            upper: arm.rateInterval?.upper ?? null,
            valueText: `${percent(arm.rate)} of ${formatCount(arm.exposures)}`,
          }))}
        />
        <IntervalChart
          title="Lift against the control, in percentage points"
          style="dot"
          format={points}
          rows={experiment.arms
            .filter((arm) => !arm.isControl)
            .map((arm) => ({
              label: arm.label,
              estimate: arm.absoluteLift?.estimate ?? null,
              lower: arm.absoluteLift?.lower ?? null,
              upper: arm.absoluteLift?.upper ?? null,
              valueText: arm.absoluteLift ? points(arm.absoluteLift.estimate) : 'no data', // the interval is in the table and drawn
            }))}
        />
      </div>
      <ErrorMessage error={error} />
      {canPromote && !experiment.decision && (
        <div className="row">
          {experiment.arms
            // the control is offered once a person may choose it: keeping it ends the test
            .filter((arm) => !arm.isControl || (experiment.choosable ?? []).includes(arm.id))
            .map((arm) => {
              const ready = experiment.promotable.includes(arm.id);
              const choosable = (experiment.choosable ?? []).includes(arm.id);
              return (
                <button
                  key={arm.id}
                  type="button"
                  className={`button${ready ? ' primary' : ''}`}
                  onClick={() => setAsking(arm)}
                  aria-label={arm.isControl ? `Keep the control: ${arm.label}` : `Promote this arm: ${arm.label}`}
                  title={
                    ready
                      ? 'This arm beat the control with at least 95 % probability on enough data'
                      : choosable
                        ? 'Enough data, but no evidence this arm is the better one: you can still choose it'
                        : 'Not ready: the engine will say why'
                  }
                >
                  {arm.isControl ? 'Keep the control' : 'Promote this arm'}: {arm.label}
                </button>
              );
            })}
        </div>
      )}
      {asking && (
        <PromoteDialog
          arm={asking}
          splitName={name}
          busy={busy}
          weakEvidence={!experiment.promotable.includes(asking.id) && (experiment.choosable ?? []).includes(asking.id) && !(asking.isControl && asking.probabilityToBeBest >= 0.95)}
          onConfirm={(acknowledge) => void promote(acknowledge)}
          onCancel={() => setAsking(null)}
        />
      )}
    </section>
  );
}
