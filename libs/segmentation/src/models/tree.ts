import { Random } from '../random';
import { BinnedMatrix } from './binning';

/**
 * A binary decision tree in flat arrays. Node 0 is the root. An inner node sends a row left when
 * `x[feature] <= threshold`; a leaf has feature −1 and holds the share of positives it saw.
 */
export interface DecisionTree {
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
}

export interface TreeGrowthOptions {
  maxDepth: number;
  minSamplesLeaf: number;
  minSamplesSplit: number;
  /** Features drawn at random at each node. */
  featuresPerSplit: number;
}

/** Scratch space reused by every node of every tree: the histograms and the feature pool. */
export class TreeWorkspace {
  /** Two interleaved histograms of (bin, label) pairs; see fillHistogram. */
  readonly histogram = new Int32Array(4 * 256);
  readonly binTotals = new Int32Array(256);
  readonly binPositives = new Int32Array(256);
  readonly featurePool: Int32Array;
  constructor(readonly data: BinnedMatrix, readonly labels: Uint8Array) {
    this.featurePool = new Int32Array(data.nFeatures);
  }
}

interface PendingNode {
  node: number;
  start: number;
  end: number;
  depth: number;
}

interface Split {
  feature: number;
  bin: number;
}

/** What every tree of a forest grows with, besides its seed. */
export interface SeededGrowth {
  /** Rows drawn per tree. */
  sampleSize: number;
  /** With replacement (bagging), or without. */
  bootstrap: boolean;
  growth: TreeGrowthOptions;
}

/**
 * The tree of one seed: its rows drawn (into `rows`, sampleSize long), then grown on them. Each
 * tree has its own random stream, so tree t depends on its seed only, not on the trees grown
 * before it nor on the thread growing it. `makeRandom` is createRandom, passed in because this
 * function's source also runs in a worker thread as it is (TREE_GROWTH_SOURCE).
 */
export function growSeededTree(workspace: TreeWorkspace, seed: number, plan: SeededGrowth, rows: Uint32Array, makeRandom: (seed: number) => Random): DecisionTree {
  const random = makeRandom(seed);
  const n = workspace.data.nRows;
  if (plan.bootstrap) for (let k = 0; k < rows.length; k++) rows[k] = random.int(n);
  else drawWithoutReplacement(rows, n, random);
  return growTree(workspace, rows, plan.growth, random);
}

function drawWithoutReplacement(rows: Uint32Array, n: number, random: Random): void {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let k = 0; k < rows.length; k++) {
    const pick = k + random.int(n - k);
    const t = order[k];
    order[k] = order[pick];
    order[pick] = t;
    rows[k] = order[k];
  }
}

/**
 * Grows one CART classification tree (Gini) on the rows listed in `rows` (a bootstrap sample may
 * list a row several times; each listing counts). The split search is a histogram per feature
 * over the node's rows, then one pass over the bins: O(rows + bins) per feature and node.
 */
export function growTree(workspace: TreeWorkspace, rows: Uint32Array, options: TreeGrowthOptions, random: Random): DecisionTree {
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const value: number[] = [];
  const addNode = () => {
    feature.push(-1);
    threshold.push(0);
    left.push(-1);
    right.push(-1);
    value.push(0);
    return feature.length - 1;
  };

  const stack: PendingNode[] = [{ node: addNode(), start: 0, end: rows.length, depth: 0 }];
  while (stack.length > 0) {
    const { node, start, end, depth } = stack.pop() as PendingNode;
    const count = end - start;
    let positives = 0;
    for (let k = start; k < end; k++) positives += workspace.labels[rows[k]];
    value[node] = count === 0 ? 0 : positives / count;
    const pure = positives === 0 || positives === count;
    if (pure || depth >= options.maxDepth || count < options.minSamplesSplit || count < 2 * options.minSamplesLeaf) continue;

    const split = findBestSplit(workspace, rows, start, end, positives, options, random);
    if (!split) continue;
    const middle = partition(workspace.data, rows, start, end, split);
    feature[node] = split.feature;
    threshold[node] = workspace.data.edges[split.feature][split.bin];
    const leftNode = addNode();
    const rightNode = addNode();
    left[node] = leftNode;
    right[node] = rightNode;
    // Right first so the left subtree is grown first: node numbering follows a depth-first, left-first walk.
    stack.push({ node: rightNode, start: middle, end, depth: depth + 1 });
    stack.push({ node: leftNode, start, end: middle, depth: depth + 1 });
  }
  return {
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    value: Float64Array.from(value),
  };
}

/**
 * Best Gini split among features drawn at random. As in scikit-learn, `featuresPerSplit` features
 * are visited, but the draw goes on while every feature visited so far is constant in the node.
 * Maximising Σ_side (pos² + neg²) / n is the same as minimising the weighted Gini impurity.
 */
function findBestSplit(workspace: TreeWorkspace, rows: Uint32Array, start: number, end: number, positives: number, options: TreeGrowthOptions, random: Random): Split | undefined {
  const { data, labels, histogram, binTotals, binPositives, featurePool } = workspace;
  const { nRows, bins, edges } = data;
  const count = end - start;
  const minLeaf = options.minSamplesLeaf;
  const negatives = count - positives;
  const parentScore = (positives * positives + negatives * negatives) / count;
  let bestScore = parentScore + 1e-9 * count;
  let best: Split | undefined;

  const nFeatures = featurePool.length;
  for (let j = 0; j < nFeatures; j++) featurePool[j] = j;
  let visited = 0;
  let constant = 0;
  for (let remaining = nFeatures; remaining > 0 && (visited < options.featuresPerSplit || constant === visited); remaining--) {
    const pick = random.int(remaining);
    const f = featurePool[pick];
    featurePool[pick] = featurePool[remaining - 1];
    featurePool[remaining - 1] = f;
    visited++;

    const nBins = edges[f].length + 1;
    if (nBins < 2) {
      constant++;
      continue;
    }
    if (!fillHistogram(bins, f * nRows, rows, start, end, labels, nBins, histogram, binTotals, binPositives)) {
      constant++;
      continue;
    }

    let leftCount = 0;
    let leftPositives = 0;
    for (let b = 0; b < nBins - 1; b++) {
      if (binTotals[b] === 0) continue;
      leftCount += binTotals[b];
      leftPositives += binPositives[b];
      const rightCount = count - leftCount;
      if (rightCount < minLeaf) break;
      if (leftCount < minLeaf) continue;
      const leftNegatives = leftCount - leftPositives;
      const rightPositives = positives - leftPositives;
      const rightNegatives = rightCount - rightPositives;
      const score = (leftPositives * leftPositives + leftNegatives * leftNegatives) / leftCount + (rightPositives * rightPositives + rightNegatives * rightNegatives) / rightCount;
      if (score > bestScore) {
        bestScore = score;
        best = { feature: f, bin: b };
      }
    }
  }
  return best;
}

/**
 * Counts the node's rows and positives per bin of one feature; false when they all share one bin
 * (the feature is constant in this node). This is the hot loop. Consecutive rows often fall in
 * the same bin, and incrementing one counter over and over waits on the previous store; counting
 * alternate rows into two interleaved histograms (index 2·bin + label) halves that chain.
 */
function fillHistogram(bins: Uint8Array, offset: number, rows: Uint32Array, start: number, end: number, labels: Uint8Array, nBins: number, counts: Int32Array, totals: Int32Array, positives: Int32Array): boolean {
  const half = 2 * nBins;
  counts.fill(0, 0, 2 * half);
  let k = start;
  for (; k + 1 < end; k += 2) {
    const first = rows[k];
    const second = rows[k + 1];
    const i0 = (bins[offset + first] << 1) | labels[first];
    const i1 = half + ((bins[offset + second] << 1) | labels[second]);
    counts[i0]++;
    counts[i1]++;
  }
  if (k < end) counts[(bins[offset + rows[k]] << 1) | labels[rows[k]]]++;
  let nonEmpty = 0;
  for (let b = 0; b < nBins; b++) {
    const positive = counts[2 * b + 1] + counts[half + 2 * b + 1];
    const total = positive + counts[2 * b] + counts[half + 2 * b];
    positives[b] = positive;
    totals[b] = total;
    if (total > 0) nonEmpty++;
  }
  return nonEmpty >= 2;
}

/** Reorders rows[start, end) so the rows going left come first; returns where the right part starts. */
function partition(data: BinnedMatrix, rows: Uint32Array, start: number, end: number, split: Split): number {
  const offset = split.feature * data.nRows;
  const { bins } = data;
  let i = start;
  let j = end - 1;
  while (i <= j) {
    if (bins[offset + rows[i]] <= split.bin) i++;
    else {
      const t = rows[i];
      rows[i] = rows[j];
      rows[j] = t;
      j--;
    }
  }
  return i;
}

/**
 * The source of everything growSeededTree runs, for a worker thread (forest-threads.ts). These
 * functions call only each other and globals, so their compiled text runs there as it is.
 */
export const TREE_GROWTH_SOURCE = [TreeWorkspace, growSeededTree, drawWithoutReplacement, growTree, findBestSplit, fillHistogram, partition].map(String).join('\n');
