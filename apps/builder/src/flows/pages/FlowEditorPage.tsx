// The canvas route, loaded lazily (React.lazy) so the login and customer pages stay small.
import { useCallback, useMemo, useState } from 'react';
import { useParams } from 'react-router-dom';
import '@xyflow/react/dist/style.css';
import '../flows.css';
import { fetchFactCatalogue, getFlow, getVersion, listSegments, listVersions } from '../../api/flows';
import { useAuth } from '../../auth/AuthContext';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useApiData } from '../../hooks/useApiData';
import { FlowEditor } from '../editor/FlowEditor';
import { ReferenceDataContext } from '../editor/reference-data';
import { canEditFlows } from '../roles';

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
      const [flow, versions] = await Promise.all([getFlow(flowId, signal), listVersions(flowId, signal)]);
      const shown = versionParam ? await getVersion(flowId, versionParam, signal) : (flow.draft ?? flow.published);
      return { flow, versions: versions.items, shown };
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
  const { flow, versions, shown } = loaded.data;
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
