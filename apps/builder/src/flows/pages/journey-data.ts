// What the canvas page loads before it can show a journey: the flow, its versions and the version
// shown, the editor's code, and the panels' reference data (segments, the fact catalogue).
// When the builder starts on a flow's address, all of it is requested at once at boot, alongside
// the session check, instead of one step after the other once the session is known.
import { fetchFactCatalogue, getFlow, getVersion, listSegments, listVersions, type FlowDetail, type FlowVersionView, type VersionListItem } from '../../api/flows';
import { readToken } from '../../auth/session-store';
import type { ReferenceData } from '../editor/reference-data';

export interface Journey {
  flow: FlowDetail;
  versions: VersionListItem[];
  /** The version on the canvas: the one asked for, else the draft, else the published one. */
  shown: FlowVersionView | null;
  FlowEditor: typeof import('../editor/FlowEditor').FlowEditor;
}

let editorCode: Promise<typeof import('../editor/FlowEditor')> | undefined;
/** The editor's chunk (React Flow, the rules, the panels), fetched once. */
export const loadEditorCode = () => (editorCode ??= import('../editor/FlowEditor'));

/** Loads a journey and the editor's code in parallel. */
export async function loadJourney(flowId: number, version: number | undefined, signal?: AbortSignal): Promise<Journey> {
  const code = loadEditorCode();
  const [flow, versions, asked] = await Promise.all([
    getFlow(flowId, signal),
    listVersions(flowId, signal),
    version === undefined ? undefined : getVersion(flowId, version, signal),
  ]);
  return { flow, versions: versions.items, shown: asked ?? flow.draft ?? flow.published, FlowEditor: (await code).FlowEditor };
}

export async function loadReferenceData(signal?: AbortSignal): Promise<ReferenceData> {
  const [segments, catalogue] = await Promise.all([listSegments(signal), fetchFactCatalogue(signal)]);
  return { segments, catalogue };
}

const FLOW_PATH = /^\/flows\/(\d+)(?:\/versions\/(\d+))?\/?$/;

interface BootRequests {
  flowId: number;
  version: number | undefined;
  journey?: Promise<Journey>;
  references?: Promise<ReferenceData>;
}

const boot: BootRequests = { flowId: 0, version: undefined };

/**
 * At boot, on a flow's address and with a session kept from earlier: starts the canvas's requests
 * now. The server checks the token on each of them as usual; the page takes the answers when it
 * renders (or asks again when one failed, e.g. the session had ended and the person signed in).
 */
export function preloadJourneyAt(pathname: string): void {
  const match = FLOW_PATH.exec(pathname);
  if (!match || !readToken()) return;
  boot.flowId = Number(match[1]);
  boot.version = match[2] === undefined ? undefined : Number(match[2]);
  boot.journey = loadJourney(boot.flowId, boot.version);
  boot.references = loadReferenceData();
  // a failure is the page's to report when it asks again, not an unhandled rejection here
  boot.journey.catch(() => undefined);
  boot.references.catch(() => undefined);
}

/**
 * The journey requested at boot, once: the first load of the canvas page takes it (or drops it
 * when it is another journey), so every later load asks the server afresh.
 */
export function takeBootJourney(flowId: number, version: number | undefined): Promise<Journey> | undefined {
  const { journey } = boot;
  boot.journey = undefined;
  return boot.flowId === flowId && boot.version === version ? journey : undefined;
}

/** The reference data requested at boot, once. */
export function takeBootReferences(): Promise<ReferenceData> | undefined {
  const { references } = boot;
  boot.references = undefined;
  return references;
}
