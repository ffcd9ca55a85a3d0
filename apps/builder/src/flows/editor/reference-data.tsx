// What the panels offer to pick from (segments, the fact catalogue), loaded once per canvas.
import { createContext, useContext } from 'react';
import type { FactCatalogue, SegmentRef } from '../../api/flows';

export interface ReferenceData {
  segments: SegmentRef[];
  catalogue: FactCatalogue | null;
}

export const ReferenceDataContext = createContext<ReferenceData>({ segments: [], catalogue: null });

export const useReferenceData = () => useContext(ReferenceDataContext);
