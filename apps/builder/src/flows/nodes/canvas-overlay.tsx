// What the canvas shows on top of the journey itself: validation problems, simulated reach and
// live counts, per node. Node components read it; they compute nothing.
import { createContext, useContext } from 'react';
import type { FlowProblem } from '@retain/rules';
import type { LiveNodeCounts, SimulationCounts } from '../../api/flows';

export interface CanvasOverlay {
  problemsByNode: ReadonlyMap<string, FlowProblem[]>;
  simulation: SimulationCounts | null;
  live: Record<string, LiveNodeCounts> | null;
}

export const CanvasOverlayContext = createContext<CanvasOverlay>({ problemsByNode: new Map(), simulation: null, live: null });

export const useCanvasOverlay = () => useContext(CanvasOverlayContext);
