// The canvas page. It is small on purpose: it sends the journey's requests and loads the editor's
// code (React Flow, the rules, the panels) at the same time (at boot already when the builder
// starts on this address, see journey-data), and renders the editor when both are there (no
// Suspense fallback: React holds a revealed fallback back for up to 300 ms).
import { useCallback, useState } from 'react';
import { useParams } from 'react-router-dom';
import '../flows.css';
import { useAuth } from '../../auth/AuthContext';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useApiData } from '../../hooks/useApiData';
import { ReferenceDataContext, type ReferenceData } from '../editor/reference-data';
import { canEditFlows } from '../roles';
import { loadJourney, loadReferenceData, takeBootJourney, takeBootReferences } from './journey-data';

const NO_REFERENCES: ReferenceData = { segments: [], catalogue: null };

export default function FlowEditorPage() {
  const params = useParams();
  const flowId = Number(params.id);
  const versionParam = params.version ? Number(params.version) : undefined;
  const { state } = useAuth();
  const canEdit = state.status === 'signed-in' && canEditFlows(state.principal);
  const [reload, setReload] = useState(0);
  const onChanged = useCallback(() => setReload((n) => n + 1), []);

  // the first load takes what was requested at boot (asking again when that failed)
  const loaded = useApiData(
    (signal) => takeBootJourney(flowId, versionParam)?.catch(() => loadJourney(flowId, versionParam, signal)) ?? loadJourney(flowId, versionParam, signal),
    [flowId, versionParam, reload],
  );
  const references = useApiData((signal) => takeBootReferences()?.catch(() => loadReferenceData(signal)) ?? loadReferenceData(signal), []);
  const referenceData = references.data ?? NO_REFERENCES;

  if (loaded.error) return <ErrorMessage error={loaded.error} />;
  if (!loaded.data) return <p className="loading">Loading the journey…</p>;
  const { flow, versions, shown, FlowEditor } = loaded.data;
  if (!shown) return <p className="empty">This flow has no version yet.</p>;

  const olderVersion = versionParam !== undefined && shown.state === 'published';
  const readOnlyReason = !canEdit
    ? 'You can look at this journey but not change it (your role is read-only).'
    : flow.status === 'archived'
      ? 'This flow is archived and cannot be changed.'
      : olderVersion
        ? `Version ${shown.version} is published and cannot be changed; the draft is where changes go.`
        : undefined;
  return (
    <ReferenceDataContext.Provider value={referenceData}>
      <ErrorMessage error={references.error} />
      <FlowEditor
        flow={flow}
        definition={shown.definition}
        version={shown.version}
        readOnly={readOnlyReason !== undefined}
        readOnlyReason={readOnlyReason}
        versions={versions}
        // the server validated the draft it sent with the same @retain/rules check
        loadedProblems={shown === flow.draft ? flow.draft.structuralProblems : undefined}
        onChanged={onChanged}
      />
    </ReferenceDataContext.Provider>
  );
}
