import { selectLabels, selectRows } from '../dataset/design-matrix';
import { countClasses, encodeBinaryLabels } from '../dataset/labels';
import { formatCount } from '../dataset/raw-table';
import { Standardizer } from '../dataset/standardizer';
import { TableEncoder } from '../dataset/table-encoder';
import { missingTableColumns, selectTableRows, tableColumn, type TrainingTable } from '../dataset/training-table';
import { BinaryClassificationReport, evaluateBinaryClassifier } from '../metrics/evaluate';
import { RocPoint, rocCurve } from '../metrics/roc-curve';
import { stratifiedSample, stratifiedSplit } from '../random';
import { ChurnModel, ChurnModelKind } from './churn-model';
import { assertInteger, assertNumberIn } from './check-options';
import { RandomForest, RandomForestOptions, ResolvedRandomForestOptions } from './forest';
import { LogisticRegression, LogisticRegressionOptions, LogisticTrainingReport, ResolvedLogisticRegressionOptions } from './logistic';
import { FeatureImportance, permutationImportance } from './permutation-importance';

export interface TrainChurnModelOptions {
  /** The column holding churned / retained. */
  label: string;
  /** The label value meaning "churned"; by default yes/true/1 (see encodeBinaryLabels). */
  positiveLabel?: string | number | boolean;
  numericColumns?: readonly string[];
  categoricalColumns?: readonly string[];
  /** Default 'forest'. */
  kind?: ChurnModelKind;
  /** Share of each class held out for evaluation. Default 0.2. */
  testFraction?: number;
  /** Seeds the split, the forest and the importance shuffles. Default 42. */
  seed?: number;
  /** Standardize features before fitting; default true for logistic regression, false for the forest (trees ignore scale). */
  standardize?: boolean;
  /** Probability at or above which a customer counts as predicted to churn, for accuracy/precision/recall/F1. Default 0.5. */
  threshold?: number;
  /** Fewest churned and fewest retained customers accepted. Default 50. */
  minimumPerClass?: number;
  forest?: RandomForestOptions;
  logistic?: LogisticRegressionOptions;
  /** Permutation importance per original column; repeats default 5, 0 skips it. */
  importanceRepeats?: number;
  /**
   * The classifier is fitted on at most this many training rows: a stratified sample (seeded) when
   * the training part is larger. Default 100,000. Past ~100k rows a churn model on a dozen customer
   * features gains almost nothing (the 1M-customer bench: see bench/segmentation/refresh-1m.mjs),
   * while forest training time grows with the rows; the held-out metrics still use every test row.
   */
  maxTrainingRows?: number;
  /**
   * Permutation importance re-scores the held-out rows `repeats` times per column: it uses a
   * stratified sample of at most this many of them. Default 10,000 (was 20,000; half the time at a
   * million customers): on the 1M bench the forest's five leading columns kept their order, and
   * every column's AUC drop moved by 0.005 or less.
   */
  maxImportanceRows?: number;
}

export interface ChurnTrainingParameters {
  kind: ChurnModelKind;
  label: string;
  positiveLabel: string | number | boolean | null;
  numericColumns: string[];
  categoricalColumns: string[];
  featureNames: string[];
  testFraction: number;
  seed: number;
  standardize: boolean;
  threshold: number;
  importanceRepeats: number;
  maxTrainingRows: number;
  maxImportanceRows: number;
  /** `fitted`: training rows the classifier saw (a sample when `train` exceeds maxTrainingRows); `importance`: held-out rows the importances used. */
  rows: { train: number; test: number; trainChurned: number; testChurned: number; fitted: number; importance: number };
  forest?: ResolvedRandomForestOptions;
  logistic?: ResolvedLogisticRegressionOptions;
}

export interface ChurnTrainingResult {
  model: ChurnModel;
  /** Metrics on the held-out rows. */
  metrics: BinaryClassificationReport;
  roc: RocPoint[];
  /** ROC AUC lost when each original column is shuffled in the held-out rows, largest first. */
  importances: FeatureImportance[];
  parameters: ChurnTrainingParameters;
  /** Logistic regression: Newton iterations and convergence. Forest: trees and nodes. */
  fit: LogisticTrainingReport | { trees: number; nodes: number };
  /** Wall-clock time of the classifier fit alone. */
  trainingMilliseconds: number;
}

/**
 * Encodes the customer table (row objects, or typed numeric columns: see TrainingTable), splits it 80/20 stratified by the label (seeded), fits the chosen
 * model on the training part and reports held-out metrics, the ROC curve and permutation
 * importances. The encoder and standardizer see only the training rows.
 */
export function trainChurnModel(table: TrainingTable, options: TrainChurnModelOptions): ChurnTrainingResult {
  const kind = options.kind ?? 'forest';
  const testFraction = options.testFraction ?? 0.2;
  const seed = options.seed ?? 42;
  const standardize = options.standardize ?? kind === 'logistic';
  const threshold = options.threshold ?? 0.5;
  const minimumPerClass = options.minimumPerClass ?? 50;
  const importanceRepeats = options.importanceRepeats ?? 5;
  const maxTrainingRows = options.maxTrainingRows ?? 100_000;
  const maxImportanceRows = options.maxImportanceRows ?? 10_000;
  const numericColumns = [...(options.numericColumns ?? [])];
  const categoricalColumns = [...(options.categoricalColumns ?? [])];

  if (kind !== 'forest' && kind !== 'logistic') throw new RangeError(`kind must be 'forest' or 'logistic', got ${JSON.stringify(kind)}`);
  if (typeof table !== 'object' || table === null || !(table.length > 0)) throw new RangeError('the customer table is empty');
  if (typeof options.label !== 'string' || options.label === '') throw new RangeError('name the label column (options.label)');
  assertNumberIn('testFraction', testFraction, 0, 0.9, { minExclusive: true });
  assertNumberIn('threshold', threshold, 0, 1);
  assertInteger('minimumPerClass', minimumPerClass, 1);
  assertInteger('importanceRepeats', importanceRepeats, 0, 1000);
  assertInteger('maxTrainingRows', maxTrainingRows, 2);
  assertInteger('maxImportanceRows', maxImportanceRows, 2);
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  if (numericColumns.length + categoricalColumns.length === 0) throw new RangeError('name the feature columns: numericColumns and/or categoricalColumns');
  if ([...numericColumns, ...categoricalColumns].includes(options.label)) throw new Error(`the label column "${options.label}" cannot also be a feature`);
  if (missingTableColumns(table, [options.label]).length > 0) throw new Error(`label column "${options.label}" is not in the table`);
  const unknown = missingTableColumns(table, [...numericColumns, ...categoricalColumns]);
  if (unknown.length > 0) throw new Error(`unknown feature columns: ${unknown.join(', ')}`);

  const labels = encodeBinaryLabels(tableColumn(table, options.label), { column: options.label, positiveValue: options.positiveLabel });
  const { positive: churned, negative: retained } = countClasses(labels);
  if (churned < minimumPerClass || retained < minimumPerClass) {
    throw new RangeError(`needs at least ${formatCount(minimumPerClass)} churned and ${formatCount(minimumPerClass)} retained customers; found ${formatCount(churned)} churned and ${formatCount(retained)} retained`);
  }

  const split = stratifiedSplit(labels, testFraction, seed);
  const fitted = stratifiedSample(split.train, labels, maxTrainingRows, seed + 1);
  const fittedRows = selectTableRows(table, fitted);
  const encoder = TableEncoder.fit(fittedRows, { numericColumns, categoricalColumns });
  const trainEncoded = encoder.encode(fittedRows);
  const testEncoded = encoder.encode(selectTableRows(table, split.test));
  const trainLabels = selectLabels(labels, fitted);
  const testLabels = selectLabels(labels, split.test);
  const standardizer = standardize ? Standardizer.fit(trainEncoded) : undefined;
  const trainMatrix = standardizer ? standardizer.transform(trainEncoded) : trainEncoded;

  const started = performance.now();
  const classifier = kind === 'forest' ? RandomForest.fit(trainMatrix, trainLabels, { seed, ...options.forest }) : LogisticRegression.fit(trainMatrix, trainLabels, options.logistic);
  const trainingMilliseconds = performance.now() - started;
  const model = new ChurnModel(kind, options.label, encoder, standardizer, classifier);

  const probabilities = model.predictEncoded(testEncoded);
  const importanceRows = stratifiedSample(Uint32Array.from(testLabels.keys()), testLabels, maxImportanceRows, seed + 2);
  const importanceSample = importanceRows.length === testLabels.length ? testEncoded : selectRows(testEncoded, importanceRows);
  const importanceLabels = importanceRows.length === testLabels.length ? testLabels : selectLabels(testLabels, importanceRows);
  const importances =
    importanceRepeats === 0
      ? []
      : permutationImportance((m) => model.predictEncoded(m), importanceSample, importanceLabels, { repeats: importanceRepeats, groups: encoder.columnGroups(), seed }).importances;

  return {
    model,
    metrics: evaluateBinaryClassifier(probabilities, testLabels, { threshold }),
    roc: rocCurve(probabilities, testLabels),
    importances,
    parameters: {
      kind,
      label: options.label,
      positiveLabel: options.positiveLabel ?? null,
      numericColumns,
      categoricalColumns,
      featureNames: [...encoder.featureNames],
      testFraction,
      seed,
      standardize,
      threshold,
      importanceRepeats,
      maxTrainingRows,
      maxImportanceRows,
      rows: {
        train: split.train.length,
        test: split.test.length,
        trainChurned: countClasses(selectLabels(labels, split.train)).positive,
        testChurned: countClasses(testLabels).positive,
        fitted: fitted.length,
        importance: importanceRows.length,
      },
      ...(classifier instanceof RandomForest ? { forest: { ...classifier.options } } : { logistic: { ...classifier.options } }),
    },
    fit: classifier instanceof RandomForest ? { trees: classifier.trees.length, nodes: classifier.nodeCount } : { ...classifier.training },
    trainingMilliseconds,
  };
}
