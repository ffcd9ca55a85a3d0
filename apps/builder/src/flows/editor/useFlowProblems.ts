import { useEffect, useState } from 'react';
import { validateFlowStructure, type FlowProblem } from '@retain/rules';
import { useEditorStore } from './editor-store';
import { toDefinition } from './flow-definition';

const NO_PROBLEMS: FlowProblem[] = [];

export interface FlowProblems {
  problems: FlowProblem[];
  /** A change is newer than the problems shown: they are being checked again. */
  checking: boolean;
}

/**
 * The journey's problems, from @retain/rules' validateFlowStructure, the code the server runs.
 * The journey as loaded comes with the server's answer to that same check (`loadedProblems`), so
 * opening a draft checks nothing here. After a change the check runs once the browser is idle: on
 * a journey of hundreds of steps it takes tens of milliseconds, and neither the change showing on
 * the canvas nor the next click should wait for it. Changes in a quick row are checked once.
 * Positions do not matter, so a drag does not re-run it.
 */
export function useFlowProblems(loadedProblems: FlowProblem[] | undefined): FlowProblems {
  const change = useEditorStore((state) => `${state.loadId}:${state.revision}`);
  const asLoaded = useEditorStore((state) => state.revision === 0) && loadedProblems !== undefined;
  const [checked, setChecked] = useState<{ change: string; problems: FlowProblem[] } | null>(null);

  useEffect(() => {
    if (asLoaded) return;
    return whenIdle(() => {
      const { nodes, edges } = useEditorStore.getState();
      setChecked({ change, problems: validateFlowStructure(toDefinition(nodes, edges)) });
    });
  }, [change, asLoaded]);

  if (asLoaded) return { problems: loadedProblems, checking: false };
  return { problems: checked?.problems ?? loadedProblems ?? NO_PROBLEMS, checking: checked?.change !== change };
}

/** Runs `task` when the main thread has nothing else to do (within 300 ms); returns a cancel. */
function whenIdle(task: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(task, { timeout: 300 });
    return () => cancelIdleCallback(handle);
  }
  const handle = setTimeout(task, 0);
  return () => clearTimeout(handle);
}
