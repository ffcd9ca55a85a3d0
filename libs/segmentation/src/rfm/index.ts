export { quintileScores } from './quintile-scores';
export { scoreRfm } from './score-rfm';
export type { RfmInput, RfmScores } from './score-rfm';
export { fmScore, RFM_SEGMENT_MAP, RFM_SEGMENTS, rfmSegmentOf } from './segments';
export type { RfmSegment, RfmSegmentDefinition } from './segments';
