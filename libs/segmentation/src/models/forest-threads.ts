// A forest on two threads: this one and one worker thread.
// Prediction over many rows: this thread walks the first half of the rows, the worker the second.
// A walk is branchy pointer chasing that no data layout made faster in JavaScript (tree-major, row
// blocks, rank codes and branch-free walks were all measured slower), so the remaining lever is the
// second core: 1.6 times faster at 1M rows × 100 trees on 2 cores. Each row is still summed over the
// trees in the same order, so the result is bit-for-bit the single-thread one.
// Training: this thread grows the first half of the trees, the worker the second; a tree depends on
// its own seed only (growSeededTree), so the forest is the one a single thread grows.
// No I/O: the worker runs the same functions, compiled from their source.
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { createRandom } from '../random';
import type { BinnedMatrix } from './binning';
import { type DecisionTree, growSeededTree, type SeededGrowth, TREE_GROWTH_SOURCE, TreeWorkspace } from './tree';

/**
 * Below this many rows a second thread costs more than it saves (copying, waking the worker).
 * Measured, 100 trees of depth 12 on 15 features: 2,000 rows gain nothing, 5,000 and 10,000 rows
 * take half the time on two threads.
 */
export const PARALLEL_MIN_ROWS = 5_000;
/**
 * Trees are grown on two threads when the forest draws at least this many rows in all (sample
 * size × trees). Measured, 100 trees of depth 12: Telco (5,634 rows) gained nothing (the worker's
 * code starts cold), 100,000 rows on 15 features 4.1 → 2.5–3.3 s (the two cores of this machine
 * share more than a multicore CPU's would).
 */
export const PARALLEL_FIT_MIN_DRAWS = 1_000_000;
/**
 * How long this thread waits for the worker's half, beyond the time its own (equal) half took,
 * before computing it itself: a worker that died never answers, and its 'exit' event cannot arrive
 * while this thread waits. Four times its own time covers a worker slowed by a busy machine.
 */
const WORKER_SLACK = 4;
const WORKER_MIN_WAIT_MS = 1_000;
/** The first use waits this long for the new worker to start. */
const WORKER_START_MS = 2_000;

/** Adds each tree's leaf value for rows from ≤ i < to into `sums[i - from]`. Self-contained: also runs in the worker. */
export function walkTrees(trees: readonly DecisionTree[], values: Float64Array, nFeatures: number, from: number, to: number, sums: Float64Array): void {
  for (let t = 0; t < trees.length; t++) {
    const { feature, threshold, left, right, value } = trees[t];
    for (let i = from; i < to; i++) {
      const base = i * nFeatures;
      let node = 0;
      while (feature[node] >= 0) node = values[base + feature[node]] <= threshold[node] ? left[node] : right[node];
      sums[i - from] += value[node];
    }
  }
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const walkTrees = ${walkTrees.toString()};
${createRandom.toString()}
${TREE_GROWTH_SOURCE}
Atomics.store(workerData.ready, 0, 1);
Atomics.notify(workerData.ready, 0);
let forest = { id: -1, trees: [] };
// grows the trees of these seeds and posts them on the port (read synchronously, receiveMessageOnPort)
function grow({ data, labels, seeds, plan, done, port }) {
  try {
    const workspace = new TreeWorkspace(data, labels);
    const rows = new Uint32Array(plan.sampleSize);
    const trees = seeds.map((seed) => growSeededTree(workspace, seed, plan, rows, createRandom));
    port.postMessage({ trees }, trees.flatMap((tree) => [tree.feature.buffer, tree.threshold.buffer, tree.left.buffer, tree.right.buffer, tree.value.buffer]));
    Atomics.store(done, 0, 1);
  } catch {
    Atomics.store(done, 0, 2);
  }
  Atomics.notify(done, 0);
}
parentPort.on('message', (message) => {
  if (message.grow) return void grow(message.grow);
  if (message.trees) return void (forest = message);
  const { id, values, nRows, nFeatures, sums, done } = message;
  try {
    if (id !== forest.id) throw new Error('unknown forest');
    walkTrees(forest.trees, values, nFeatures, 0, nRows, sums);
    Atomics.store(done, 0, 1);
  } catch {
    Atomics.store(done, 0, 2);
  }
  Atomics.notify(done, 0);
});`;

let worker: Worker | null | undefined;
/** Set to 1 by the worker once it runs (readable while this thread is busy, unlike a message). */
let workerReady: Int32Array | undefined;
/** Predictions whose second half the worker computed, forests whose second half of trees it grew (tests check that the worker really ran). */
export const workerStats = { answered: 0, grown: 0 };
let workerForestId = -1;
const forestIds = new WeakMap<readonly DecisionTree[], number>();
let nextForestId = 0;

function sharedWorker(): Worker | null {
  if (worker === undefined) {
    try {
      workerReady = new Int32Array(new SharedArrayBuffer(4));
      const started = new Worker(WORKER_SOURCE, { eval: true, workerData: { ready: workerReady } });
      started.unref(); // never keeps a process alive
      const gone = () => {
        if (worker === started) worker = null;
      };
      started.on('error', gone);
      started.on('exit', gone);
      worker = started;
      // a worker that does not start in time is not used (this prediction runs on one thread)
      if (Atomics.wait(workerReady, 0, 0, WORKER_START_MS) === 'timed-out') return null;
    } catch {
      worker = null; // no worker threads here: one thread does it all
    }
  }
  return worker && workerReady && Atomics.load(workerReady, 0) === 1 ? worker : null;
}

/** Sum over the trees of each row's leaf value, on two threads when the rows are many. */
export function sumTreesInParallel(trees: readonly DecisionTree[], values: Float64Array, nRows: number, nFeatures: number): Float64Array {
  const sums = new Float64Array(nRows);
  const helper = nRows >= PARALLEL_MIN_ROWS ? sharedWorker() : null;
  if (!helper) {
    walkTrees(trees, values, nFeatures, 0, nRows, sums);
    return sums;
  }
  let id = forestIds.get(trees);
  if (id === undefined) forestIds.set(trees, (id = nextForestId++));
  if (workerForestId !== id) {
    helper.postMessage({ id, trees: trees.map((tree) => ({ ...tree })) });
    workerForestId = id;
  }
  const split = Math.floor(nRows / 2);
  const theirs = nRows - split;
  const shared = new Float64Array(new SharedArrayBuffer(theirs * nFeatures * 8));
  shared.set(values.subarray(split * nFeatures, nRows * nFeatures));
  const theirSums = new Float64Array(new SharedArrayBuffer(theirs * 8));
  const done = new Int32Array(new SharedArrayBuffer(4));
  helper.postMessage({ id, values: shared, nRows: theirs, nFeatures, sums: theirSums, done });
  const started = performance.now();
  walkTrees(trees, values, nFeatures, 0, split, sums);
  const ownMs = performance.now() - started;
  const answer = Atomics.wait(done, 0, 0, Math.max(WORKER_MIN_WAIT_MS, WORKER_SLACK * ownMs)) === 'timed-out' ? 0 : Atomics.load(done, 0);
  if (answer === 1) {
    sums.set(theirSums, split);
    workerStats.answered++;
  } else {
    if (answer === 0) {
      // late, stuck or dead: this process predicts on one thread from now on (a late answer is ignored)
      worker = null;
      void helper.terminate();
    }
    walkTrees(trees, values, nFeatures, split, nRows, sums.subarray(split));
  }
  return sums;
}

/** The trees of these seeds, in seed order, grown on two threads when they are many (see PARALLEL_FIT_MIN_DRAWS). */
export function growTreesInParallel(data: BinnedMatrix, labels: Uint8Array, seeds: readonly number[], plan: SeededGrowth): DecisionTree[] {
  const growHere = (from: number, to: number): DecisionTree[] => {
    const workspace = new TreeWorkspace(data, labels);
    const rows = new Uint32Array(plan.sampleSize);
    const trees: DecisionTree[] = [];
    for (let t = from; t < to; t++) trees.push(growSeededTree(workspace, seeds[t], plan, rows, createRandom));
    return trees;
  };
  const helper = seeds.length >= 2 && plan.sampleSize * seeds.length >= PARALLEL_FIT_MIN_DRAWS ? sharedWorker() : null;
  if (!helper) return growHere(0, seeds.length);
  const split = Math.ceil(seeds.length / 2);
  const bins = new Uint8Array(new SharedArrayBuffer(data.bins.length));
  bins.set(data.bins);
  const sharedLabels = new Uint8Array(new SharedArrayBuffer(labels.length));
  sharedLabels.set(labels);
  const done = new Int32Array(new SharedArrayBuffer(4));
  const channel = new MessageChannel();
  const work = { data: { bins, nRows: data.nRows, nFeatures: data.nFeatures, edges: data.edges }, labels: sharedLabels, seeds: seeds.slice(split), plan, done, port: channel.port2 };
  helper.postMessage({ grow: work }, [channel.port2]);
  let own: DecisionTree[];
  let answer: number;
  let received: { trees: DecisionTree[] } | undefined;
  try {
    const started = performance.now();
    own = growHere(0, split);
    const ownMs = performance.now() - started;
    answer = Atomics.wait(done, 0, 0, Math.max(WORKER_MIN_WAIT_MS, WORKER_SLACK * ownMs)) === 'timed-out' ? 0 : Atomics.load(done, 0);
    // posted before `done` was set, so it is there to read now
    received = answer === 1 ? (receiveMessageOnPort(channel.port1)?.message as { trees: DecisionTree[] } | undefined) : undefined;
  } finally {
    channel.port1.close(); // a late answer goes nowhere
  }
  if (received) {
    workerStats.grown++;
    return [...own, ...received.trees];
  }
  if (answer === 0) {
    // late, stuck or dead: one thread from now on (a late answer is ignored)
    worker = null;
    void helper.terminate();
  }
  return [...own, ...growHere(split, seeds.length)];
}
