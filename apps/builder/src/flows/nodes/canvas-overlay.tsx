// What the canvas shows on top of the journey itself: validation problems, simulated reach and
// live counts, per node. Node components read it; they compute nothing. It is a small store
// rather than a context value so that each node re-renders only when its own part changes (live
// counts refresh every few seconds; a journey may have hundreds of nodes).
import { createContext, useContext } from 'react';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { shallow } from 'zustand/shallow';
import { useStoreWithEqualityFn } from 'zustand/traditional';
import type { FlowProblem } from '@retain/rules';
import type { LiveNodeCounts, SimulationCounts } from '../../api/flows';

export interface CanvasOverlay {
  problemsByNode: ReadonlyMap<string, FlowProblem[]>;
  simulation: SimulationCounts | null;
  live: Record<string, LiveNodeCounts> | null;
}

export type CanvasOverlayStore = StoreApi<CanvasOverlay>;

export const createCanvasOverlayStore = (): CanvasOverlayStore => createStore<CanvasOverlay>(() => ({ problemsByNode: new Map(), simulation: null, live: null }));

export const CanvasOverlayContext = createContext<CanvasOverlayStore>(createCanvasOverlayStore());

export interface NodeOverlay {
  problems: readonly FlowProblem[];
  simulated: SimulationCounts['nodes'][string] | undefined;
  live: LiveNodeCounts | undefined;
}

const NO_PROBLEMS: readonly FlowProblem[] = [];

const sameProblems = (a: readonly FlowProblem[], b: readonly FlowProblem[]) => a.length === b.length && a.every((problem, i) => problem.message === b[i].message && problem.code === b[i].code);
const sameNodeOverlay = (a: NodeOverlay, b: NodeOverlay) => sameProblems(a.problems, b.problems) && shallow(a.simulated, b.simulated) && shallow(a.live, b.live);

/** One node's problems, simulated reach and live counts; re-renders only when they change. */
export function useNodeOverlay(nodeId: string): NodeOverlay {
  const store = useContext(CanvasOverlayContext);
  return useStoreWithEqualityFn(
    store,
    (overlay) => ({ problems: overlay.problemsByNode.get(nodeId) ?? NO_PROBLEMS, simulated: overlay.simulation?.nodes[nodeId], live: overlay.live?.[nodeId] }),
    sameNodeOverlay,
  );
}

/** The simulation, for the counts on the connections. */
export function useSimulation(): SimulationCounts | null {
  return useStoreWithEqualityFn(useContext(CanvasOverlayContext), (overlay) => overlay.simulation);
}
