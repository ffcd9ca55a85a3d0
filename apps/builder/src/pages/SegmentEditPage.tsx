import { FormEvent, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { usePermissions } from '../admin/permissions';
import {
  createSegment,
  fetchClusters,
  fetchFacts,
  fetchRfmGrid,
  fetchSegment,
  previewSegment,
  replaceManualMembers,
  type SegmentKind,
  type SegmentPreview,
  updateSegment,
} from '../api/segments';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatCount } from '../format';
import { useApiData } from '../hooks/useApiData';
import { DefinitionFields } from '../segments/DefinitionFields';
import { definitionFromDraft, draftFromSegment, emptyDraft, manualList, type SegmentDraft } from '../segments/segment-draft';
import { KIND_HELP, KIND_LABELS } from '../segments/segment-words';
import '../segments/segments.css';

const KINDS = Object.keys(KIND_LABELS) as SegmentKind[];

/** Create a segment (any kind) or change one: name, description and who belongs to it. */
export function SegmentEditPage() {
  const { id } = useParams();
  const editing = id !== undefined;
  const navigate = useNavigate();
  const { canEditSegments } = usePermissions();
  const [draft, setDraft] = useState<SegmentDraft>(() => emptyDraft());
  const [loaded, setLoaded] = useState(!editing);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [preview, setPreview] = useState<SegmentPreview | null>(null);

  const existing = useApiData((signal) => (editing ? fetchSegment(id, signal) : Promise.resolve(undefined)), [id]);
  const catalogue = useApiData((signal) => fetchFacts(signal), []);
  const rfm = useApiData((signal) => fetchRfmGrid(signal), []);
  const clustering = useApiData((signal) => fetchClusters(signal).catch(() => undefined), []);

  useEffect(() => {
    if (existing.data) {
      setDraft(draftFromSegment(existing.data));
      setLoaded(true);
    }
  }, [existing.data]);

  const change = (part: Partial<SegmentDraft>) => {
    setDraft((d) => ({ ...d, ...part }));
    setPreview(null);
  };

  if (!canEditSegments) {
    return (
      <section className="not-found">
        <h1>Read-only</h1>
        <p>Your role can look at segments but not change them; admins and marketers can.</p>
        <p>
          <Link to="/segments">Back to the segments</Link>
        </p>
      </section>
    );
  }
  if (existing.error) return <ErrorMessage error={existing.error} />;
  if (!loaded) return <p className="page-status" role="status">Loading segment…</p>;

  async function runPreview() {
    setError(null);
    try {
      setPreview(await previewSegment(draft.kind, definitionFromDraft(draft)));
    } catch (e) {
      setError(e);
    }
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const description = draft.description.trim() || null;
      let savedId: number;
      if (!editing) {
        savedId = (await createSegment({ kind: draft.kind, name: draft.name, description, definition: definitionFromDraft(draft) })).id;
      } else {
        savedId = Number(id);
        if (draft.kind === 'manual') {
          await updateSegment(savedId, { name: draft.name, description });
          await replaceManualMembers(savedId, manualList(draft));
        } else {
          await updateSegment(savedId, { name: draft.name, description, definition: definitionFromDraft(draft) });
        }
      }
      navigate(`/segments/${savedId}`);
    } catch (e) {
      setError(e);
      setSaving(false);
    }
  }

  return (
    <section aria-labelledby="segment-form-title">
      <p className="breadcrumb">
        <Link to="/segments">Segments</Link> /
      </p>
      <h1 id="segment-form-title">{editing ? `Edit “${existing.data?.name ?? ''}”` : 'New segment'}</h1>
      <form className="form-grid panel" onSubmit={save} noValidate>
        {!editing && (
          <div className="field">
            <label htmlFor="segment-kind">Kind</label>
            <select id="segment-kind" value={draft.kind} onChange={(e) => change({ ...emptyDraft(e.target.value as SegmentKind), name: draft.name, description: draft.description })}>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </select>
            <p className="muted">{KIND_HELP[draft.kind]}</p>
          </div>
        )}
        <div className="field">
          <label htmlFor="segment-name">Name</label>
          <input id="segment-name" value={draft.name} onChange={(e) => change({ name: e.target.value })} required />
        </div>
        <div className="field">
          <label htmlFor="segment-description">Description</label>
          <input id="segment-description" value={draft.description} onChange={(e) => change({ description: e.target.value })} />
        </div>
        <DefinitionFields draft={draft} catalogue={catalogue.data} rfm={rfm.data} clustering={clustering.data} onChange={change} />
        <ErrorMessage error={error ?? catalogue.error} />
        {preview && (
          <p className="notice" role="status" data-testid="segment-preview">
            {formatCount(preview.count)} of {formatCount(preview.evaluated)} customers match today.
          </p>
        )}
        <div className="actions">
          <button type="button" className="button" onClick={runPreview}>
            Preview
          </button>
          <button type="submit" className="button primary" disabled={saving}>
            {saving ? 'Saving…' : editing ? 'Save changes' : 'Create segment'}
          </button>
          <Link className="button" to={editing ? `/segments/${id}` : '/segments'}>
            Cancel
          </Link>
        </div>
      </form>
    </section>
  );
}
