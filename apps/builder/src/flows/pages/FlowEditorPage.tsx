// The canvas page. It is small on purpose: it sends the journey's requests first and then loads
// the editor's code (React Flow, dagre, the rules, the panels), so both travel at the same time,
// and it renders the editor when both are there (no Suspense fallback: React holds a revealed
// fallback back for up to 300 ms).
import { useCallback, useMemo, useState } from 'react';
import { useParams } from 'react-router-dom';
import '../flows.css';
import { fetchFactCatalogue, getFlow, getVersion, listSegments, listVersions } from '../../api/flows';
import { useAuth } from '../../auth/AuthContext';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useApiData } from '../../hooks/useApiData';
import { ReferenceDataContext } from '../editor/reference-data';
import { canEditFlows } from '../roles';

let editorCode: Promise<typeof import('../editor/FlowEditor')> | undefined;
const loadEditorCode = () => (editorCode ??= import('../editor/FlowEditor'));

export default function FlowEditorPage() {
  const params = useParams();
  const flowId = Number(params.id);
  const versionParam = params.version ? Number(params.version) : undefined;
  const { state } = useAuth();
  const canEdit = state.status === 'signed-in' && canEditFlows(state.principal);
  const [reload, setReload] = useState(0);
  const onChanged = useCallback(() => setReload((n) => n + 1), []);

  const loaded = useApiData(
    async (signal) => {
      const requests = Promise.all([getFlow(flowId, signal), listVersions(flowId, signal)]);
      const code = loadEditorCode();
      const [flow, versions] = await requests;
      const shown = versionParam ? await getVersion(flowId, versionParam, signal) : (flow.draft ?? flow.published);
      return { flow, versions: versions.items, shown, FlowEditor: (await code).FlowEditor };
    },
    [flowId, versionParam, reload],
  );
  const references = useApiData(async (signal) => {
    const [segments, catalogue] = await Promise.all([listSegments(signal), fetchFactCatalogue(signal)]);
    return { segments, catalogue };
  }, []);
  const referenceData = useMemo(() => references.data ?? { segments: [], catalogue: null }, [references.data]);

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
        onChanged={onChanged}
      />
    </ReferenceDataContext.Provider>
  );
}
