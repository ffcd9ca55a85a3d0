import { useEffect, useRef, useState } from 'react';
import { saveDraft } from '../../api/flows';
import { useEditorStore } from './editor-store';
import { toDefinition } from './flow-definition';

export type SaveStatus = { state: 'saved' | 'saving' | 'pending' } | { state: 'error'; message: string };

const DEBOUNCE_MS = 800;

/**
 * Saves the draft a moment after the last change (PUT /api/flows/:id/draft). Saves run one at a
 * time; a change made during a save is saved right after it.
 */
export function useAutosave(flowId: number, enabled: boolean, onSaved?: (checksum: string) => void): SaveStatus {
  const revision = useEditorStore((state) => state.revision);
  const [status, setStatus] = useState<SaveStatus>({ state: 'saved' });
  const saving = useRef<Promise<void> | null>(null);
  const onSavedRef = useRef(onSaved);
  onSavedRef.current = onSaved;

  useEffect(() => {
    if (!enabled || revision === 0) return;
    setStatus({ state: 'pending' });
    const timer = setTimeout(async () => {
      await saving.current;
      const { nodes, edges, revision: savingRevision } = useEditorStore.getState();
      setStatus({ state: 'saving' });
      const run = saveDraft(flowId, toDefinition(nodes, edges)).then(
        (saved) => {
          onSavedRef.current?.(saved.checksum);
          if (useEditorStore.getState().revision === savingRevision) setStatus({ state: 'saved' });
        },
        (error: unknown) => setStatus({ state: 'error', message: error instanceof Error ? error.message : 'The draft could not be saved.' }),
      );
      saving.current = run;
      await run;
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [revision, enabled, flowId]);

  return status;
}
