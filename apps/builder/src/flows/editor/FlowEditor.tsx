import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type ChangeEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { FlowDefinition, FlowNode, FlowProblem } from '@retain/rules';
import { exportFlow, publishFlow, saveDraft, simulateFlow, type FlowDetail, type SimulationCounts, type VersionListItem } from '../../api/flows';
import { ErrorMessage } from '../../components/ErrorMessage';
import { CanvasOverlayContext, createCanvasOverlayStore } from '../nodes/canvas-overlay';
import { diffDefinitions, type DefinitionDiff } from './definition-diff';
import { describeEnrollment, EnrollDialog } from './EnrollDialog';
import { selectedNodeOf, useEditorStore } from './editor-store';
import { FlowCanvas, type FlowCanvasHandle } from './FlowCanvas';
import { toDefinition } from './flow-definition';
import { NodePanel } from './NodePanel';
import { Palette } from './Palette';
import { ProblemsList } from './ProblemsList';
import { PublishDialog } from './PublishDialog';
import { useAutosave } from './useAutosave';
import { useEditorKeyboard } from './useEditorKeyboard';
import { useFlowProblems } from './useFlowProblems';
import { useLiveCounts } from './useLiveCounts';

export interface FlowEditorProps {
  flow: FlowDetail;
  definition: FlowDefinition;
  /** The version shown; an older published version opens read-only. */
  version: number;
  readOnly: boolean;
  /** Why it is read-only, said above the canvas. */
  readOnlyReason?: string;
  versions: VersionListItem[];
  /** The server's validation of `definition` (the same @retain/rules check), when it sent one. */
  loadedProblems?: FlowProblem[];
  onChanged(): void;
}

/** The canvas page: palette, canvas, the selected step's settings, problems, simulation and live counts. */
export function FlowEditor(props: FlowEditorProps) {
  return (
    <ReactFlowProvider>
      <FlowEditorInner {...props} />
    </ReactFlowProvider>
  );
}

function FlowEditorInner({ flow, definition, version, readOnly, readOnlyReason, versions, loadedProblems, onChanged }: FlowEditorProps) {
  const navigate = useNavigate();
  const canvas = useRef<FlowCanvasHandle>(null);
  // the selected node only, not every node: moving or measuring nodes does not re-render the page
  const selectedNode = useEditorStore(selectedNodeOf) as FlowNode | null;
  const revision = useEditorStore((state) => state.revision);
  const past = useEditorStore((state) => state.past.length);
  const future = useEditorStore((state) => state.future.length);
  const store = useEditorStore.getState();
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [simulation, setSimulation] = useState<SimulationCounts | null>(null);
  const [simulating, setSimulating] = useState(false);
  const [publishing, setPublishing] = useState<{ diff: DefinitionDiff; checksum: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [enrolling, setEnrolling] = useState(false);

  // before the first paint, so the canvas never shows the journey opened before
  useLayoutEffect(() => {
    useEditorStore.getState().load(definition, readOnly);
  }, [definition, readOnly]);

  const saveStatus = useAutosave(flow.id, !readOnly);
  useEditorKeyboard(true);
  const live = useLiveCounts(flow.id, flow.published !== null && version === flow.currentVersion);

  const problems = useFlowProblems(loadedProblems);
  const problemsByNode = useMemo(() => {
    const byNode = new Map<string, FlowProblem[]>();
    for (const problem of problems) if (problem.nodeId) byNode.set(problem.nodeId, [...(byNode.get(problem.nodeId) ?? []), problem]);
    return byNode;
  }, [problems]);

  // Counts from an earlier journey would mislead.
  useEffect(() => setSimulation(null), [revision]);

  // Nodes read their own part of this store (see canvas-overlay); it is updated before the paint.
  const [overlay] = useState(createCanvasOverlayStore);
  useLayoutEffect(() => overlay.setState({ problemsByNode, simulation, live: live.counts }), [overlay, problemsByNode, simulation, live.counts]);

  const currentDefinition = () => toDefinition(useEditorStore.getState().nodes, useEditorStore.getState().edges);

  const simulate = async () => {
    setSimulating(true);
    setError(null);
    try {
      setSimulation(await simulateFlow(flow.id, currentDefinition()));
    } catch (e) {
      setError(e);
    } finally {
      setSimulating(false);
    }
  };

  const askToPublish = async () => {
    setError(null);
    setBusy(true);
    try {
      // save what is on screen first, so what is reviewed is what is published
      const saved = await saveDraft(flow.id, currentDefinition());
      setPublishing({ diff: diffDefinitions(flow.published?.definition ?? null, currentDefinition()), checksum: saved.checksum });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const publish = async () => {
    if (!publishing) return;
    setBusy(true);
    try {
      const result = await publishFlow(flow.id, publishing.checksum);
      setPublishing(null);
      setNotice(`Published version ${result.version}.`);
      onChanged();
    } catch (e) {
      setPublishing(null);
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const download = async () => {
    try {
      const document = await exportFlow(flow.id);
      const url = URL.createObjectURL(new Blob([JSON.stringify(document, null, 2)], { type: 'application/json' }));
      const link = Object.assign(window.document.createElement('a'), { href: url, download: `${flow.name}.retain-flow.json` });
      link.click();
      URL.revokeObjectURL(url);
    } catch (e) {
      setError(e);
    }
  };

  const importJson = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    try {
      const parsed = JSON.parse(await file.text()) as { definition?: FlowDefinition } & Partial<FlowDefinition>;
      const imported = parsed.definition ?? parsed;
      if (!Array.isArray(imported.nodes) || !Array.isArray(imported.edges)) throw new Error('This file holds no journey: it needs "nodes" and "edges".');
      store.replaceDefinition(imported as FlowDefinition);
      setNotice(`Imported ${imported.nodes.length} steps from ${file.name}.`);
      canvas.current?.fitView();
    } catch (e) {
      setError(e instanceof SyntaxError ? new Error(`${file.name} is not valid JSON.`) : e);
    }
  };

  return (
    <CanvasOverlayContext.Provider value={overlay}>
      <div className="flow-editor">
        <div className="flow-toolbar" role="toolbar" aria-label="Journey actions">
          <h1>
            <Link to="/flows">Flows</Link> / {flow.name}
          </h1>
          <span className={`status-badge status-${flow.status}`} data-testid="flow-status">
            {flow.status}
          </span>
          <label className="version-picker">
            <span>Version</span>
            <select
              value={String(version)}
              onChange={(e) => {
                const chosen = versions.find((v) => v.version === Number(e.target.value));
                navigate(chosen?.state === 'draft' ? `/flows/${flow.id}` : `/flows/${flow.id}/versions/${e.target.value}`);
              }}
            >
              {versions.map((v) => (
                <option key={v.version} value={v.version}>
                  {v.version} · {v.state === 'draft' ? 'draft' : `published${v.version === flow.currentVersion ? ' (current)' : ''}`}
                </option>
              ))}
            </select>
          </label>
          {!readOnly && (
            <span className={`save-status save-${saveStatus.state}`} role="status" data-testid="save-status">
              {saveStatus.state === 'saved' ? 'Saved' : saveStatus.state === 'error' ? `Not saved: ${saveStatus.message}` : 'Saving…'}
            </span>
          )}
          <span className="toolbar-spacer" />
          {!readOnly && (
            <>
              <button type="button" className="button" onClick={store.undo} disabled={!past} title="Ctrl+Z">
                Undo
              </button>
              <button type="button" className="button" onClick={store.redo} disabled={!future} title="Ctrl+Shift+Z">
                Redo
              </button>
              <button
                type="button"
                className="button"
                onClick={() =>
                  // show the whole rearranged journey once the moved nodes are on the canvas
                  void store.autoLayout().then(() => requestAnimationFrame(() => canvas.current?.fitView()))
                }
              >
                Auto-layout
              </button>
            </>
          )}
          <button type="button" className="button" onClick={() => canvas.current?.fitView()}>
            Fit view
          </button>
          <button type="button" className="button" onClick={simulate} disabled={simulating}>
            {simulating ? 'Simulating…' : 'Simulate'}
          </button>
          <Link className="button" to={`/flows/${flow.id}/results`}>
            Results
          </Link>
          <button type="button" className="button" onClick={download}>
            Export JSON
          </button>
          {!readOnly && (
            <>
              <label className="button file-button">
                Import JSON
                <input type="file" accept="application/json,.json" className="visually-hidden" onChange={importJson} />
              </label>
              <button type="button" className="button primary" onClick={askToPublish} disabled={busy || problems.length > 0} title={problems.length ? 'Fix the problems first' : undefined}>
                Publish
              </button>
            </>
          )}
          {!readOnly && flow.status === 'active' && (
            <button type="button" className="button" onClick={() => setEnrolling(true)}>
              Enroll customers
            </button>
          )}
        </div>
        {readOnlyReason && (
          <p className="read-only-note" role="note">
            {readOnlyReason}
          </p>
        )}
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <ErrorMessage error={error} />
        <div className="flow-editor-body">
          {!readOnly && <Palette onAdd={(type) => canvas.current?.addInView(type)} />}
          <FlowCanvas ref={canvas} />
          <aside className="flow-sidebar" aria-label="Step settings and problems">
            {selectedNode ? <NodePanel node={selectedNode} problems={problemsByNode.get(selectedNode.id) ?? []} /> : <p className="muted">Select a step to see its settings.</p>}
            <ProblemsList problems={problems} onFocusNode={(id) => canvas.current?.focusNode(id)} />
            {simulation && (
              <section className="simulation-summary" aria-label="Simulation" data-testid="simulation-summary">
                <h2>Simulation</h2>
                <p>
                  {simulation.audience}: {simulation.audienceSize.toLocaleString()} customers today. Counts on the steps and connections show who would get there; nothing was sent.
                </p>
                {(simulation.heldOut ?? 0) + (simulation.globalControl ?? 0) > 0 && (
                  <p data-testid="simulation-left-out">
                    Left alone: {(simulation.heldOut ?? 0).toLocaleString()} in this journey’s holdout
                    {simulation.globalControl ? `, ${simulation.globalControl.toLocaleString()} in the global control group` : ''}.
                  </p>
                )}
              </section>
            )}
            {live.message && (
              <p className="muted" role="status" data-testid="live-status">
                {live.message}
              </p>
            )}
          </aside>
        </div>
        {enrolling && (
          <EnrollDialog
            flowId={flow.id}
            onCancel={() => setEnrolling(false)}
            onEnrolled={(result) => {
              setEnrolling(false);
              setNotice(describeEnrollment(result));
            }}
          />
        )}
        {publishing && <PublishDialog diff={publishing.diff} firstVersion={!flow.published} busy={busy} onConfirm={publish} onCancel={() => setPublishing(null)} />}
      </div>
    </CanvasOverlayContext.Provider>
  );
}
