import { useDeferredValue, useMemo } from 'react';
import { validateFlowStructure, type FlowProblem } from '@retain/rules';
import { useEditorStore } from './editor-store';
import { toDefinition } from './flow-definition';

/**
 * The journey's problems, from @retain/rules' validateFlowStructure, the code the server runs.
 * The journey as loaded comes with the server's answer to that same check (`loadedProblems`), so
 * opening a draft checks nothing here (on a journey of hundreds of steps the check takes tens of
 * milliseconds). Every change is checked, in a deferred render: the canvas shows the change (a
 * step added, a letter typed) first and the problems follow a moment later, instead of each edit
 * waiting for the whole journey's check. Positions do not matter, so a drag does not re-run it.
 */
export function useFlowProblems(loadedProblems: FlowProblem[] | undefined): FlowProblem[] {
  // a journey just opened is never shown with the previous one's problems: only edits are deferred
  const loadId = useEditorStore((state) => state.loadId);
  const revision = useDeferredValue(useEditorStore((state) => state.revision));
  return useMemo(() => {
    const { nodes, edges, revision: current } = useEditorStore.getState();
    if (current === 0 && loadedProblems) return loadedProblems;
    return validateFlowStructure(toDefinition(nodes, edges));
    // `loadId` and `revision` name the journey the store holds
  }, [loadId, revision, loadedProblems]);
}
