#!/usr/bin/env node
// Churn models on IBM Telco (7,043 customers, 45 one-hot features, stratified 80/20 split):
// our binned random forest vs ml-random-forest, and our logistic regression. Prints figures.
//
//   npx tsc -b libs/segmentation/tsconfig.json     # builds libs/segmentation/dist (this script builds nothing)
//   node bench/segmentation/forest.mjs [--seed 42] [--repeats 3] [--oracle-sizes 500,1000,2000] [--oracle-budget 20] [--json]
//
// ml-random-forest's cost grows with the square of the rows, so it is timed for one tree on
// growing stratified samples of the training rows and extrapolated to the full training set and
// 100 trees (clearly labelled); its test AUC is measured on a sample-trained forest, next to ours
// trained on the same sample. The oracle stops growing the sample once a run exceeds
// --oracle-budget seconds, which keeps the whole script to about a minute.
import { createRequire } from 'node:module';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const { values: args } = parseArgs({
  options: {
    seed: { type: 'string', default: '42' },
    repeats: { type: 'string', default: '3' },
    'oracle-sizes': { type: 'string', default: '500,1000,2000' },
    'oracle-budget': { type: 'string', default: '20' },
    json: { type: 'boolean', default: false },
  },
});
const seed = Number(args.seed);
const repeats = Math.max(1, Number(args.repeats));
const oracleSizes = args['oracle-sizes'].split(',').map(Number).filter((n) => n > 0);
const oracleBudgetMs = Number(args['oracle-budget']) * 1000;

let seg;
let telcoLoader;
try {
  seg = require(path.join(root, 'libs/segmentation/dist/index.js'));
  telcoLoader = require(path.join(root, 'libs/segmentation/dist/testing/telco.js'));
} catch (error) {
  console.error(`libs/segmentation/dist is missing or stale: run \`npx tsc -b libs/segmentation/tsconfig.json\` first (${error.message})`);
  process.exit(1);
}
const { RandomForestClassifier } = require('ml-random-forest');
const { RandomForest, LogisticRegression, Standardizer, TableEncoder, encodeBinaryLabels, rocAuc, selectRows, selectLabels, stratifiedSplit } = seg;

const now = () => performance.now();
const ms = (value) => `${value.toFixed(0)} ms`;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const toNested = (m) => Array.from({ length: m.nRows }, (_, i) => Array.from(m.values.subarray(i * m.nFeatures, (i + 1) * m.nFeatures)));
const results = { machine: { cores: availableParallelism(), loadAverage1m: loadavg()[0], node: process.version } };

// ---- data ----
let started = now();
const telco = telcoLoader.loadTelco();
const labels = encodeBinaryLabels(telco.rows.map((row) => row[telco.label]), { column: telco.label });
const split = stratifiedSplit(labels, 0.2, seed);
const encoder = TableEncoder.fit(Array.from(split.train, (i) => telco.rows[i]), telco);
const encoded = encoder.transform(telco.rows);
const train = { matrix: selectRows(encoded, split.train), labels: selectLabels(labels, split.train) };
const test = { matrix: selectRows(encoded, split.test), labels: selectLabels(labels, split.test) };
results.data = { rows: telco.rows.length, features: encoder.nFeatures, trainRows: train.matrix.nRows, testRows: test.matrix.nRows, loadAndEncodeMs: now() - started };
console.log(`Telco: ${telco.rows.length} rows, ${encoder.nFeatures} features; train ${train.matrix.nRows}, test ${test.matrix.nRows} (stratified, seed ${seed}); load+encode ${ms(results.data.loadAndEncodeMs)}`);
console.log(`machine: ${results.machine.cores} cores, load average ${results.machine.loadAverage1m.toFixed(2)} (other work on the box slows every figure below)`);

// ---- our forest ----
const forestTimes = [];
let forest;
for (let r = 0; r < repeats; r++) {
  started = now();
  forest = RandomForest.fit(train.matrix, train.labels, { nEstimators: 100, seed });
  forestTimes.push(now() - started);
}
started = now();
const forestProbabilities = forest.predictProba(test.matrix);
const forestPredictMs = now() - started;
results.ourForest = {
  trees: 100,
  options: forest.options,
  firstFitMs: forestTimes[0],
  medianFitMs: median(forestTimes),
  fitMs: forestTimes,
  predictTestMs: forestPredictMs,
  nodes: forest.nodeCount,
  testAuc: rocAuc(forestProbabilities, test.labels),
  jsonBytes: JSON.stringify(forest.toJSON()).length,
};
console.log(
  `\nour random forest, 100 trees (maxDepth ${forest.options.maxDepth}, minSamplesLeaf ${forest.options.minSamplesLeaf}, sqrt features, 255 bins):` +
    `\n  fit ${forestTimes.map(ms).join(' / ')} (first run includes JIT warm-up; median ${ms(results.ourForest.medianFitMs)})` +
    `\n  predict ${test.matrix.nRows} rows ${ms(forestPredictMs)}; ${results.ourForest.nodes} nodes; JSON ${(results.ourForest.jsonBytes / 1e6).toFixed(1)} MB` +
    `\n  test ROC AUC ${results.ourForest.testAuc.toFixed(4)}`,
);

// ---- ml-random-forest (oracle) ----
console.log('\nml-random-forest 2.1 (its defaults: every feature, sample bagging, hard votes):');
const oracleTimings = [];
for (const size of oracleSizes) {
  if (size > train.matrix.nRows) break;
  const picked = stratifiedSplit(train.labels, size / train.matrix.nRows, seed + size).test;
  const x = toNested(selectRows(train.matrix, picked));
  const y = Array.from(selectLabels(train.labels, picked));
  started = now();
  const oneTree = new RandomForestClassifier({ nEstimators: 1, seed, noOOB: true });
  oneTree.train(x, y);
  const elapsed = now() - started;
  oracleTimings.push({ rows: picked.length, oneTreeMs: elapsed });
  console.log(`  one tree on a stratified sample of ${picked.length} training rows: ${ms(elapsed)}`);
  if (elapsed > oracleBudgetMs) break;
}
results.mlRandomForest = { oneTree: oracleTimings };
if (oracleTimings.length >= 2) {
  const [a, b] = oracleTimings.slice(-2);
  const exponent = Math.log(b.oneTreeMs / a.oneTreeMs) / Math.log(b.rows / a.rows);
  const oneTreeFullMs = b.oneTreeMs * (train.matrix.nRows / b.rows) ** exponent;
  results.mlRandomForest.extrapolated = { exponent, oneTreeFullTrainMs: oneTreeFullMs, hundredTreesFullTrainMs: 100 * oneTreeFullMs };
  console.log(
    `  EXTRAPOLATED (not measured) from ${a.rows}→${b.rows} rows, time ∝ rows^${exponent.toFixed(2)}: one tree on all ${train.matrix.nRows} training rows ≈ ${(oneTreeFullMs / 1000).toFixed(0)} s;` +
      ` 100 trees ≈ ${((100 * oneTreeFullMs) / 60000).toFixed(0)} min — vs ours ${ms(results.ourForest.medianFitMs)} for 100 trees on all rows`,
  );
}

// Accuracy on the same footing: both forests trained on one sample, scored on the full test set.
const sampleSize = 500;
const sample = stratifiedSplit(train.labels, sampleSize / train.matrix.nRows, seed).test;
const sampleMatrix = selectRows(train.matrix, sample);
const sampleLabels = selectLabels(train.labels, sample);
started = now();
const oracleForest = new RandomForestClassifier({ nEstimators: 20, maxFeatures: 0.3, seed, noOOB: true });
oracleForest.train(toNested(sampleMatrix), Array.from(sampleLabels));
const oracleFitMs = now() - started;
const oracleAuc = rocAuc(oracleForest.predictProbability(toNested(test.matrix), 1), test.labels);
started = now();
const oursOnSample = RandomForest.fit(sampleMatrix, sampleLabels, { seed });
const oursOnSampleMs = now() - started;
const oursOnSampleAuc = rocAuc(oursOnSample.predictProba(test.matrix), test.labels);
results.sampleComparison = { sampleRows: sample.length, mlRandomForest: { trees: 20, maxFeatures: 0.3, fitMs: oracleFitMs, testAuc: oracleAuc }, ours: { trees: 100, fitMs: oursOnSampleMs, testAuc: oursOnSampleAuc } };
console.log(
  `  trained on the same stratified sample of ${sample.length} rows, scored on the ${test.matrix.nRows} test rows:` +
    `\n    ml-random-forest (20 trees, 30 % of features each): fit ${ms(oracleFitMs)}, test ROC AUC ${oracleAuc.toFixed(4)}` +
    `\n    ours (100 trees, defaults):                         fit ${ms(oursOnSampleMs)}, test ROC AUC ${oursOnSampleAuc.toFixed(4)}`,
);

// ---- logistic regression ----
const standardizer = Standardizer.fit(train.matrix);
const trainStandardized = standardizer.transform(train.matrix);
const testStandardized = standardizer.transform(test.matrix);
const logisticTimes = [];
let logistic;
for (let r = 0; r < repeats; r++) {
  started = now();
  logistic = LogisticRegression.fit(trainStandardized, train.labels);
  logisticTimes.push(now() - started);
}
results.logistic = {
  options: logistic.options,
  firstFitMs: logisticTimes[0],
  medianFitMs: median(logisticTimes),
  iterations: logistic.training.iterations,
  converged: logistic.training.converged,
  gradientMaxAbs: logistic.training.gradientMaxAbs,
  testAuc: rocAuc(logistic.predictProba(testStandardized), test.labels),
};
console.log(
  `\nour logistic regression (Newton/IRLS, intercept, L2 λ=${logistic.options.l2}, standardized features):` +
    `\n  fit ${logisticTimes.map(ms).join(' / ')}; ${results.logistic.iterations} Newton iterations, converged ${results.logistic.converged}, max |gradient| ${results.logistic.gradientMaxAbs.toExponential(1)}` +
    `\n  test ROC AUC ${results.logistic.testAuc.toFixed(4)}`,
);

if (args.json) console.log(JSON.stringify(results, null, 2));
