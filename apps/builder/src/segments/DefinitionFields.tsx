import type { Clustering, FactCatalogue, RfmGrid } from '../api/segments';
import { ConditionBuilder } from '../flows/conditions/ConditionBuilder';
import '../flows/flows.css';
import type { SegmentDraft } from './segment-draft';

interface DefinitionFieldsProps {
  draft: SegmentDraft;
  catalogue: FactCatalogue | undefined;
  rfm: RfmGrid | undefined;
  clustering: Clustering | undefined;
  onChange(change: Partial<SegmentDraft>): void;
}

function toggle<T>(list: readonly T[], value: T, on: boolean): T[] {
  return on ? [...list, value] : list.filter((v) => v !== value);
}

/** The part of the segment form that depends on its kind. */
export function DefinitionFields({ draft, catalogue, rfm, clustering, onChange }: DefinitionFieldsProps) {
  switch (draft.kind) {
    case 'rule':
      if (!catalogue) return <p className="page-status">Loading the facts…</p>;
      // The canvas's condition builder: the same fields, operators and nested groups as a flow's segment filter.
      return <ConditionBuilder label="Segment rule" value={draft.condition} onChange={(condition) => onChange({ condition })} facts={catalogue.facts} segments={catalogue.segments} />;
    case 'rfm':
      return <RfmFields draft={draft} rfm={rfm} onChange={onChange} />;
    case 'cluster':
      if (!clustering) return <p className="empty">There is no clustering run yet: refresh the segmentation first.</p>;
      return (
        <fieldset>
          <legend>Clusters of the latest run</legend>
          <ul className="checkbox-list">
            {clustering.profiles.map((p) => (
              <li key={p.cluster}>
                <label>
                  <input type="checkbox" checked={draft.clusters.includes(p.cluster)} onChange={(e) => onChange({ clusters: toggle(draft.clusters, p.cluster, e.target.checked) })} />
                  Cluster {p.cluster}: {p.label} <span className="muted">({p.size})</span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      );
    case 'scoreBand':
      return (
        <fieldset className="inline-form">
          <legend>Churn risk band (0 to 1, active model)</legend>
          <div className="field">
            <label htmlFor="band-min">Lowest risk</label>
            <input id="band-min" inputMode="decimal" value={draft.min} onChange={(e) => onChange({ min: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="band-max">Highest risk</label>
            <input id="band-max" inputMode="decimal" value={draft.max} onChange={(e) => onChange({ max: e.target.value })} />
          </div>
        </fieldset>
      );
    case 'manual':
      return (
        <div className="form-grid">
          <fieldset className="inline-form">
            <legend>The ids are</legend>
            <label className="checkbox">
              <input type="radio" name="id-kind" checked={draft.idKind === 'externalIds'} onChange={() => onChange({ idKind: 'externalIds' })} /> external ids
            </label>
            <label className="checkbox">
              <input type="radio" name="id-kind" checked={draft.idKind === 'customerIds'} onChange={() => onChange({ idKind: 'customerIds' })} /> Retain customer ids
            </label>
          </fieldset>
          <div className="field">
            <label htmlFor="manual-ids">Customers (one id per line, or separated by commas)</label>
            <textarea id="manual-ids" value={draft.ids} onChange={(e) => onChange({ ids: e.target.value })} rows={8} />
          </div>
        </div>
      );
  }
}

const GRID_ROWS = [5, 4, 3, 2, 1];
const GRID_COLUMNS = [1, 2, 3, 4, 5];

/** Named RFM segments, or single cells of the R × FM grid (each named by the segment it belongs to). */
function RfmFields({ draft, rfm, onChange }: Pick<DefinitionFieldsProps, 'draft' | 'rfm' | 'onChange'>) {
  const picked = (r: number, fm: number) => draft.rfmCells.some((c) => c.r === r && c.fm === fm);
  const cell = (r: number, fm: number) => rfm?.cells.find((c) => c.r === r && c.fm === fm);
  return (
    <fieldset>
      <legend>RFM</legend>
      <div className="inline-form">
        <label className="checkbox">
          <input type="radio" name="rfm-mode" checked={draft.rfmMode === 'segments'} onChange={() => onChange({ rfmMode: 'segments' })} /> named segments
        </label>
        <label className="checkbox">
          <input type="radio" name="rfm-mode" checked={draft.rfmMode === 'cells'} onChange={() => onChange({ rfmMode: 'cells' })} /> cells of the grid
        </label>
      </div>
      {draft.rfmMode === 'segments' ? (
        <ul className="checkbox-list" aria-label="RFM segments">
          {(rfm?.segments ?? []).map((s) => (
            <li key={s.segment}>
              <label>
                <input type="checkbox" checked={draft.rfmSegments.includes(s.segment)} onChange={(e) => onChange({ rfmSegments: toggle(draft.rfmSegments, s.segment, e.target.checked) })} />
                {s.segment} <span className="muted">({s.customers})</span>
              </label>
            </li>
          ))}
        </ul>
      ) : (
        <table className="confusion" aria-label="RFM cells">
          <thead>
            <tr>
              <th scope="col">R \ FM</th>
              {GRID_COLUMNS.map((fm) => (
                <th key={fm} scope="col">
                  {fm}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {GRID_ROWS.map((r) => (
              <tr key={r}>
                <th scope="row">{r}</th>
                {GRID_COLUMNS.map((fm) => (
                  <td key={fm}>
                    <label className="checkbox" title={cell(r, fm)?.segment}>
                      <input
                        type="checkbox"
                        aria-label={`R ${r}, FM ${fm}${cell(r, fm) ? ` (${cell(r, fm)!.segment}, ${cell(r, fm)!.customers})` : ''}`}
                        checked={picked(r, fm)}
                        onChange={(e) => onChange({ rfmCells: e.target.checked ? [...draft.rfmCells, { r, fm }] : draft.rfmCells.filter((c) => c.r !== r || c.fm !== fm) })}
                      />
                      {cell(r, fm)?.customers ?? ''}
                    </label>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </fieldset>
  );
}
