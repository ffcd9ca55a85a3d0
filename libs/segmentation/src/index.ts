// @retain/segmentation: features, RFM, clustering and churn models. Pure TypeScript, no I/O:
// typed arrays in, typed arrays out; every algorithm takes an options object with defaults and a seed.
// This file is the package's only public entry point.
export { createRandom, shuffledIndices, stratifiedSample, stratifiedSplit } from './random';
export type { Random } from './random';

// Customer features, churn labels from transactions, RFM, clustering (k-means, DBSCAN) and churn reasons in words.
export { computeCustomerFeatures, CUSTOMER_FEATURE_NAMES, churnLabelsFromTransactions, internLabels, DAY_MS, median, quantile } from './features';
export type { TransactionColumns, EventColumns, EventNameIds, CustomerFeatureName, CustomerFeatureOptions, CustomerFeatures, ChurnLabelOptions, ChurnLabels } from './features';
export { scoreRfm, quintileScores, fmScore, RFM_SEGMENTS, RFM_SEGMENT_MAP, rfmSegmentOf } from './rfm';
export type { RfmInput, RfmScores, RfmSegment, RfmSegmentDefinition } from './rfm';
export { kmeans, kmeansPlusPlus, silhouetteScore, chooseKBySilhouette, standardizeFeatures, defaultTransform, clusterCustomers, labelClusters, DEFAULT_FEATURE_WORDS, dbscan, kDistances, kDistanceKnee, kneeIndex, pointMatrixFromRows } from './clustering';
export type {
  PointMatrix, KMeansOptions, KMeansResult, SilhouetteOptions, ChooseKOptions, ChooseKResult, KScore, ClusterFeature, FeatureTransform, StandardizedFeatures, FeatureWords,
  ClusterCustomersOptions, ClusterProfile, CustomerClustering, FeatureSummary, DbscanOptions, DbscanResult,
} from './clustering';
export { explainChurnRisk, typicalValues, describeFeature } from './explanations';
export type { ChurnReason, ExplainOptions, FeatureImpact, TypicalValues, SentenceContext } from './explanations';

// Churn models: dataset preparation, metrics, random forest, logistic regression, serialization.
export { createDesignMatrix, designMatrixFromRows, rowRange, selectRows, selectLabels, gatherFloat64, gatherInt32, mapToFloat64, TableEncoder, Standardizer, encodeBinaryLabels, countClasses, columnTable, isColumnTable, missingTableColumns, selectTableRows, tableColumn } from './dataset';
export type { DesignMatrix, TableEncoderOptions, TableEncoderJSON, CategoricalColumnJSON, ColumnGroup, StandardizerJSON, BinaryLabelOptions, RawRow, RawValue, ColumnTable, TrainingTable } from './dataset';
export { rocAuc, averagePrecision, logLoss, brierScore, LOG_LOSS_EPSILON, confusionMatrix, thresholdMetrics, accuracy, precision, recall, f1Score, calibrationByDecile, rocCurve, evaluateBinaryClassifier } from './metrics';
export type { ConfusionMatrix, ThresholdMetrics, CalibrationBin, CalibrationOptions, RocPoint, RocCurveOptions, BinaryClassificationReport } from './metrics';
export { RandomForest, RANDOM_FOREST_DEFAULTS, LogisticRegression, LOGISTIC_REGRESSION_DEFAULTS, sigmoid, fitBinEdges, binMatrix, MAX_BINS, permutationImportance, ChurnModel, trainChurnModel } from './models';
export type {
  RandomForestOptions, ResolvedRandomForestOptions, RandomForestJSON, DecisionTreeJSON, LogisticRegressionOptions, ResolvedLogisticRegressionOptions, LogisticRegressionJSON,
  LogisticTrainingReport, BinnedMatrix, PermutationImportanceOptions, PermutationImportanceResult, FeatureImportance, ChurnModelKind, ChurnModelJSON,
  TrainChurnModelOptions, ChurnTrainingResult, ChurnTrainingParameters,
} from './models';
