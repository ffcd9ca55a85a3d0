import type { FlowLift, LiftComparison } from '../api/experiments';
import { formatCount } from '../format';
import { interval, percent, points, pValue, signedPercent } from './experiment-words';
import { IntervalChart } from './IntervalChart';

const MEASURES = [
  ['conversion', 'Conversion'],
  ['retention', 'Retention'],
] as const;

function LiftRow({ name, comparison }: { name: string; comparison: LiftComparison }) {
  return (
    <tr data-testid={`lift-${name.toLowerCase()}`}>
      <th scope="row">{name}</th>
      <td>
        {percent(comparison.treated.rate)} <span className="muted">of {formatCount(comparison.treated.customers)}</span>
      </td>
      <td>
        {percent(comparison.holdout.rate)} <span className="muted">of {formatCount(comparison.holdout.customers)}</span>
      </td>
      <td>{comparison.absoluteLift ? `${points(comparison.absoluteLift.estimate)} (${interval(comparison.absoluteLift, points)})` : '—'}</td>
      <td>{comparison.relativeLift ? `${signedPercent(comparison.relativeLift.estimate)} (${interval(comparison.relativeLift, signedPercent)})` : '—'}</td>
      <td>{pValue(comparison.pValue)}</td>
      <td>{percent(comparison.probabilityTreatedBetter)}</td>
    </tr>
  );
}

/** The flow against its holdout: conversion and retention lift with intervals, and where (by segment) it changes behaviour. */
export function HoldoutLift({ lift }: { lift: FlowLift }) {
  const confidence = `${Math.round(lift.confidence * 100)} %`;
  const segments = lift.bySegment.filter((segment) => segment.conversion.treated.customers > 0 || segment.conversion.holdout.customers > 0);
  return (
    <section className="experiment-card" aria-labelledby="lift-title" data-testid="holdout-lift">
      <h2 id="lift-title">Lift against the holdout</h2>
      <p className="muted">
        {lift.holdoutPercent > 0
          ? `${lift.holdoutPercent} % of entrants are held out of the journey (chosen by a hash of flow and customer); everyone else is treated.`
          : 'This flow has no holdout, so its lift cannot be measured: set a holdout percentage on its trigger.'}{' '}
        {lift.conversionDefinition.text} {lift.retentionDefinition.text}
      </p>
      <div className="table-scroll">
        <table className="data-table" aria-label="Lift against the holdout">
          <thead>
            <tr>
              <th scope="col">Measure</th>
              <th scope="col">Treated</th>
              <th scope="col">Holdout</th>
              <th scope="col">Lift ({confidence} interval)</th>
              <th scope="col">Relative lift</th>
              <th scope="col">p-value</th>
              <th scope="col">P(treated better)</th>
            </tr>
          </thead>
          <tbody>
            {MEASURES.map(([key, name]) => (
              <LiftRow key={key} name={name} comparison={lift[key]} />
            ))}
          </tbody>
        </table>
      </div>
      {segments.length > 0 && (
        <IntervalChart
          title="Conversion lift by segment at entry, in percentage points"
          style="dot"
          format={points}
          rows={segments.map((segment) => ({
            label: segment.segmentName,
            estimate: segment.conversion.absoluteLift?.estimate ?? null,
            lower: segment.conversion.absoluteLift?.lower ?? null,
            upper: segment.conversion.absoluteLift?.upper ?? null,
            valueText: segment.conversion.absoluteLift
              ? `${points(segment.conversion.absoluteLift.estimate)} (${formatCount(segment.conversion.treated.customers)} vs ${formatCount(segment.conversion.holdout.customers)})`
              : `not comparable (${formatCount(segment.conversion.treated.customers)} vs ${formatCount(segment.conversion.holdout.customers)})`,
          }))}
        />
      )}
    </section>
  );
}
