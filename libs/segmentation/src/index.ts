// @retain/segmentation: features, RFM, clustering and churn models. Pure TypeScript, no I/O:
// typed arrays in, typed arrays out; every algorithm takes an options object with defaults and a seed.
// This file is the package's only public entry point.
export { createRandom, shuffledIndices, stratifiedSplit } from './random';
export type { Random } from './random';
