// k-means benchmark: @retain/segmentation's typed-array k-means against ml-kmeans on 100,000 x 6
// synthetic points (seeded Gaussian blobs). Prints time and inertia of each.
//
//   npx tsc -b libs/segmentation/tsconfig.json && node bench/segmentation/kmeans.mjs [rows] [k]
//
// Runs: ours with its seeded k-means++; ml-kmeans with its defaults (k-means++, 100 iterations,
// tolerance 1e-6; given a seed so runs repeat); ml-kmeans started from our k-means++ centroids, which
// must reach the same inertia as ours (same start, same Lloyd steps).
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const segmentation = require('../../libs/segmentation/dist/index.js');
const { kmeans: mlKmeans } = require('ml-kmeans');

const rows = Number(process.argv[2] ?? 100_000);
const k = Number(process.argv[3] ?? 6);
const columns = 6;
const seed = 42;

function syntheticPoints() {
  const random = segmentation.createRandom(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
  const centres = Array.from({ length: 8 }, () => Array.from({ length: columns }, () => random.next() * 20 - 10));
  const data = new Float64Array(rows * columns);
  for (let i = 0; i < rows; i++) {
    const centre = centres[random.int(centres.length)];
    const spread = 1 + (i % 3);
    for (let j = 0; j < columns; j++) data[i * columns + j] = centre[j] + spread * gaussian();
  }
  return { data, rows, columns };
}

/** Inertia against given centroids (nearest centroid per row), the same measure for every run. */
function inertiaOf(points, centroids) {
  let total = 0;
  for (let i = 0; i < points.rows; i++) {
    let best = Infinity;
    for (let c = 0; c < centroids.length / columns; c++) {
      let d = 0;
      for (let j = 0; j < columns; j++) d += (points.data[i * columns + j] - centroids[c * columns + j]) ** 2;
      if (d < best) best = d;
    }
    total += best;
  }
  return total;
}

function time(run) {
  const start = performance.now();
  const result = run();
  return { result, ms: performance.now() - start };
}

const points = syntheticPoints();
const asRows = Array.from({ length: rows }, (_, i) => Array.from(points.data.subarray(i * columns, (i + 1) * columns)));
console.log(`k-means on ${rows.toLocaleString('en')} x ${columns} points, k = ${k} (node ${process.version})`);

const ours = time(() => segmentation.kmeans(points, k, { seed }));
console.log(`@retain/segmentation kmeans (k-means++, seed ${seed}): ${ours.ms.toFixed(0)} ms, ${ours.result.iterations} iterations, inertia ${ours.result.inertia.toFixed(1)}`);

const theirs = time(() => mlKmeans(asRows, k, { seed }));
const theirsInertia = inertiaOf(points, new Float64Array(theirs.result.centroids.flat()));
console.log(`ml-kmeans defaults (k-means++, seed ${seed}):        ${theirs.ms.toFixed(0)} ms, ${theirs.result.iterations} iterations, inertia ${theirsInertia.toFixed(1)}`);

const start = segmentation.kmeansPlusPlus(points, k, segmentation.createRandom(seed));
const oursFromStart = time(() => segmentation.kmeans(points, k, { initialCentroids: start, maxIterations: 100 }));
const startRows = Array.from({ length: k }, (_, c) => Array.from(start.subarray(c * columns, (c + 1) * columns)));
const theirsFromStart = time(() => mlKmeans(asRows, k, { initialization: startRows }));
const theirsFromStartInertia = inertiaOf(points, new Float64Array(theirsFromStart.result.centroids.flat()));
console.log(`same start, ours:      ${oursFromStart.ms.toFixed(0)} ms, ${oursFromStart.result.iterations} iterations, inertia ${oursFromStart.result.inertia.toFixed(1)}`);
console.log(`same start, ml-kmeans: ${theirsFromStart.ms.toFixed(0)} ms, ${theirsFromStart.result.iterations} iterations, inertia ${theirsFromStartInertia.toFixed(1)}`);
const relative = Math.abs(oursFromStart.result.inertia - theirsFromStartInertia) / theirsFromStartInertia;
console.log(`same start, relative inertia difference: ${relative.toExponential(2)}`);
if (relative > 1e-6) {
  console.error('ours and ml-kmeans disagree from the same start');
  process.exitCode = 1;
}
