// Forest prediction over many rows on two threads: this one walks the first half of the rows, one
// worker thread the second. A walk is branchy pointer chasing that no data layout made faster in
// JavaScript (tree-major, row blocks, rank codes and branch-free walks were all measured slower), so
// the remaining lever is the second core: 1.6 times faster at 1M rows × 100 trees on 2 cores. Each row
// is still summed over the trees in the same order, so the result is bit-for-bit the single-thread one.
// No I/O: the worker runs the same walk function, compiled from its source.
import { Worker } from 'node:worker_threads';
import type { DecisionTree } from './tree';

/**
 * Below this many rows a second thread costs more than it saves (copying, waking the worker).
 * Measured, 100 trees of depth 12 on 15 features: 2,000 rows gain nothing, 5,000 and 10,000 rows
 * take half the time on two threads.
 */
export const PARALLEL_MIN_ROWS = 5_000;
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
Atomics.store(workerData.ready, 0, 1);
Atomics.notify(workerData.ready, 0);
let forest = { id: -1, trees: [] };
parentPort.on('message', (message) => {
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
/** Predictions whose second half the worker computed (a test checks that the worker really ran). */
export const workerStats = { answered: 0 };
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
