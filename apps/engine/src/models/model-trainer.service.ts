import { Injectable, Logger } from '@nestjs/common';
import {
  ChurnModel, encodeBinaryLabels, evaluateBinaryClassifier, isColumnTable, mapToFloat64, rowRange, selectLabels, selectTableRows, stratifiedSplit, tableColumn, trainChurnModel, typicalValues,
  type ChurnModelJSON, type ChurnTrainingResult, type FeatureImportance,
} from '@retain/segmentation';
import { DomainError } from '../common/errors/domain-error';
import { PrismaService } from '../database/prisma.service';
import { DomainEventBus } from '../events/domain-event-bus';
import type { ModelVersion, TrainingRun } from '../generated/prisma/client';
import { CandidateResult, decideActivation } from './activation';
import { ChurnDataset, ChurnDatasets, LABEL_COLUMN } from './churn-datasets.service';
import { categoryChurnRates, churnReasons, featureDirections, featureImpacts } from './churn-reasons';
import { comparedMetrics, type ComparedMetrics, type ModelComparison } from './model-comparison';
import { trainBody, type TrainOptions } from './models.schemas';
import type { ReasonsContext } from './score-reasons';
import { ScoreWriter } from './score-writer';
import { TREATED_COLUMN } from './treatment-window';
import { TrainingRunsRepository } from './training-runs.repository';

const TEST_FRACTION = 0.2;
/** Storing the candidates: a forest fitted on ~1M customers takes longer to write than Prisma's default 5 s interactive-transaction timeout. */
const STORE_TIMEOUT_MS = 120_000;

/**
 * Executes one training run: dataset, candidates, model versions, the activation decision, and
 * the scores of every customer of the population with the (possibly unchanged) active model.
 * A failure marks the run failed and leaves the active model as it was.
 */
@Injectable()
export class ModelTrainer {
  private readonly logger = new Logger('Models');

  constructor(
    private readonly prisma: PrismaService,
    private readonly datasets: ChurnDatasets,
    private readonly runs: TrainingRunsRepository,
    private readonly scores: ScoreWriter,
    private readonly events: DomainEventBus,
  ) {}

  async execute(run: TrainingRun, log: (line: string) => void = () => undefined): Promise<void> {
    try {
      const options = trainBody.parse(run.options ?? {});
      const started = performance.now();
      const dataset = await this.datasets.build(options);
      log(`dataset: ${dataset.table.length} customers to learn from, ${dataset.scoring.customerIds.length} to score (${Math.round(performance.now() - started)} ms)`);
      const trained = this.trainCandidates(dataset, options, log);
      const versions = await this.storeCandidates(run.id, dataset, trained, options);
      const candidates: CandidateResult[] = versions.map((v, i) => ({ modelVersionId: v.id, algorithm: v.algorithm, auc: trained[i].metrics.rocAuc }));
      const activeVersion = await this.activeVersion(dataset.population);
      const measured = activeVersion ? this.measureActive(activeVersion, dataset, options.seed) : null;
      const active = measured ? { modelVersionId: measured.modelVersionId, auc: measured.auc, sameRows: measured.sameRows } : null;
      const decision = decideActivation(candidates, active);
      const comparison: ModelComparison = {
        heldOutRows: trained[0].metrics.count,
        heldOutChurned: trained[0].metrics.positives,
        seed: options.seed,
        testFraction: TEST_FRACTION,
        activeOnSameRows: measured?.sameRows ?? true,
        models: [
          ...versions.map((v, i) => ({ role: 'candidate' as const, modelVersionId: v.id, algorithm: v.algorithm, metrics: comparedMetrics(trained[i].metrics) })),
          ...(measured && activeVersion ? [{ role: 'active' as const, modelVersionId: activeVersion.id, algorithm: activeVersion.algorithm, metrics: measured.metrics }] : []),
        ],
      };
      log(`decision: ${decision.reason}`);
      let scoredWith = activeVersion?.id ?? null;
      const scoreStarted = performance.now();
      let scored = 0;
      if (decision.activate) {
        // the new version's model is in memory, and it has no scores yet
        const activated = await this.activate(decision.activate.modelVersionId, dataset.population);
        scored = await this.scorePopulation(activated, trained[versions.findIndex((v) => v.id === activated.id)].model, dataset, { fresh: true });
        scoredWith = activated.id;
      } else if (activeVersion) {
        scored = await this.scorePopulation(activeVersion, ChurnModel.load(activeVersion.artifact as unknown as ChurnModelJSON), dataset, { fresh: false });
      }
      log(`scored ${scored} customers with model version ${scoredWith} (${Math.round(performance.now() - scoreStarted)} ms)`);
      const outcome = {
        population: dataset.population,
        candidates,
        activeBefore: active,
        comparison,
        activated: decision.activate?.modelVersionId ?? null,
        reason: decision.reason,
        scoredCustomers: scored,
        scoredWith,
        milliseconds: Math.round(performance.now() - started),
      };
      await this.runs.succeed(run.id, outcome, decision.activate?.modelVersionId ?? null);
      // segments that read scores follow a new model and new scores of the kept one alike
      if (scoredWith !== null) {
        const kind = `churn:${dataset.population}`;
        if (decision.activate) await this.events.publish('model.activated', { modelVersionId: scoredWith, kind });
        else if (scored > 0) await this.events.publish('model.rescored', { modelVersionId: scoredWith, kind });
      }
    } catch (error) {
      const message = error instanceof DomainError || error instanceof RangeError || error instanceof Error ? error.message : String(error);
      if (!(error instanceof DomainError) && !(error instanceof RangeError)) this.logger.error(`Training run ${run.id} failed: ${error instanceof Error ? error.stack : message}`);
      log(`failed: ${message}`);
      await this.runs.fail(run.id, message);
    }
  }

  private trainCandidates(dataset: ChurnDataset, options: TrainOptions, log: (line: string) => void): ChurnTrainingResult[] {
    return options.algorithms.map((kind) => {
      const started = performance.now();
      const result = trainChurnModel(dataset.table, {
        label: LABEL_COLUMN,
        numericColumns: dataset.numericColumns,
        categoricalColumns: dataset.categoricalColumns,
        kind,
        seed: options.seed,
        testFraction: TEST_FRACTION,
        minimumPerClass: options.minimumPerClass,
        importanceRepeats: 3,
      });
      log(`${kind}: held-out ROC AUC ${result.metrics.rocAuc.toFixed(3)} (${Math.round(performance.now() - started)} ms)`);
      return result;
    });
  }

  private async storeCandidates(runId: number, dataset: ChurnDataset, trained: ChurnTrainingResult[], options: TrainOptions): Promise<Array<Omit<ModelVersion, 'artifact'>>> {
    return this.prisma.$transaction(async (tx) => {
      // Version numbers per kind, without gaps or clashes between processes.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('retain:model_versions'))`;
      const latest = await tx.modelVersion.aggregate({ where: { kind: 'churn' }, _max: { version: true } });
      let version = latest._max.version ?? 0;
      const versions: Array<Omit<ModelVersion, 'artifact'>> = [];
      for (const result of trained) {
        // the artifact (megabytes of JSON for a forest) goes in as one text parameter: Prisma walks
        // every node of a JSON value it is given, half a second for a 100-tree forest
        const created = await tx.modelVersion.create({
          data: {
            kind: 'churn',
            algorithm: result.parameters.kind,
            version: ++version,
            trainingRunId: runId,
            parameters: { ...result.parameters, label: dataset.population === 'attribute' ? options.labelAttribute : 'no purchase within the horizon', population: dataset.population, fit: result.fit } as never,
            featureNames: [...result.parameters.featureNames],
            dataWindow: dataset.dataWindow as never,
            metrics: { ...result.metrics, trainingMilliseconds: Math.round(result.trainingMilliseconds) } as never,
            rocPoints: result.roc as never,
            importances: result.importances as never,
            artifact: {},
          },
          omit: { artifact: true },
        });
        await tx.$executeRaw`UPDATE model_versions SET artifact = ${JSON.stringify(result.model.toJSON())}::jsonb WHERE id = ${created.id}`;
        versions.push(created);
      }
      return versions;
    }, { timeout: STORE_TIMEOUT_MS });
  }

  private activeVersion(population: string): Promise<ModelVersion | null> {
    return this.prisma.modelVersion.findFirst({ where: { kind: 'churn', status: 'active', dataWindow: { path: ['population'], equals: population } }, orderBy: { activatedAt: 'desc' } });
  }

  /**
   * The active model's metrics on this run's held-out rows: the same seeded stratified split of the
   * same labels that trainChurnModel tests the candidates on, so every model is judged on the same customers.
   */
  private measureActive(version: ModelVersion, dataset: ChurnDataset, seed: number): { modelVersionId: number; auc: number; sameRows: boolean; metrics: ComparedMetrics } {
    const stored = version.metrics as unknown as ComparedMetrics;
    try {
      const labels = labelsOf(dataset);
      const split = stratifiedSplit(labels, TEST_FRACTION, seed);
      const model = ChurnModel.load(version.artifact as unknown as ChurnModelJSON);
      const probabilities = model.predictProba(selectTableRows(dataset.table, split.test));
      const metrics = comparedMetrics(evaluateBinaryClassifier(probabilities, selectLabels(labels, split.test)));
      return { modelVersionId: version.id, auc: metrics.rocAuc, sameRows: true, metrics };
    } catch {
      return { modelVersionId: version.id, auc: Number(stored.rocAuc ?? 0), sameRows: false, metrics: comparedMetrics(stored) };
    }
  }

  private async activate(modelVersionId: number, population: string): Promise<Omit<ModelVersion, 'artifact'>> {
    return this.prisma.$transaction(async (tx) => {
      const now = new Date();
      await tx.modelVersion.updateMany({ where: { kind: 'churn', status: 'active', dataWindow: { path: ['population'], equals: population } }, data: { status: 'retired', retiredAt: now } });
      return tx.modelVersion.update({ where: { id: modelVersionId }, data: { status: 'active', activatedAt: now }, omit: { artifact: true } });
    });
  }

  /** Scores every customer of the population; reasons compare each with typical retained customers. */
  /** `fresh`: the version has no scores yet (just activated by this run), so they are inserted, not upserted. */
  private async scorePopulation(version: Omit<ModelVersion, 'artifact'>, model: ChurnModel, dataset: ChurnDataset, { fresh }: { fresh: boolean }): Promise<number> {
    const { customerIds, rows, columns: scoringColumns } = dataset.scoring;
    const labels = labelsOf(dataset);
    const numeric = (model.encoder.numericColumns as readonly string[]).filter((name) => dataset.numericColumns.includes(name));
    const { table } = dataset;
    const columns = Object.fromEntries(numeric.map((name) => [name, isColumnTable(table) ? table.columns[name] : mapToFloat64(table, (row) => Number(row[name]))]));
    const retained = Uint8Array.from(labels, (l) => 1 - l);
    const importances = version.importances as unknown as FeatureImportance[];
    const directions = featureDirections(columns, labels);
    const context = {
      typical: typicalValues(columns, retained),
      impacts: featureImpacts(importances, directions),
      rates: dataset.categoricalColumns.length && !isColumnTable(table) ? categoryChurnRates(table, labels, dataset.categoricalColumns) : null,
      importances,
      currency: dataset.currency,
      breadthUnit: dataset.breadthUnit,
    };
    if (scoringColumns) {
      // Typed columns = the transactions population, features as of one instant: reasons are worded
      // when read (ScoreReasons), from what the model version keeps here.
      const reasonsContext: ReasonsContext = {
        asOf: String(dataset.dataWindow.scoredAsOf),
        numeric,
        constants: { [TREATED_COLUMN]: 0 },
        typical: context.typical,
        impacts: context.impacts,
        importances,
        currency: context.currency,
        ...(context.breadthUnit ? { breadthUnit: [...context.breadthUnit] as [string, string] } : {}),
      };
      await this.prisma.modelVersion.update({ where: { id: version.id }, data: { reasonsContext: reasonsContext as never } });
      const matrix = model.encoder.transformColumns(scoringColumns, customerIds.length);
      await this.scores.write(version.id, customerIds, (from, to) => ({ scores: model.predictEncoded(rowRange(matrix, from, to)) }), { fresh });
    } else {
      await this.scores.write(version.id, customerIds, (from, to) => {
        const part = rows!.slice(from, to);
        const reasons = part.map((row) => churnReasons(Object.fromEntries(numeric.map((name) => [name, Number(row[name])])), dataset.categoricalColumns.length ? row : null, context));
        return { scores: model.predictProba(part), reasons };
      }, { fresh });
    }
    await this.scores.deleteInactive(dataset.population);
    return customerIds.length;
  }
}

/** The churn labels of a dataset's table (0/1 per row). */
function labelsOf(dataset: ChurnDataset): Uint8Array {
  return encodeBinaryLabels(tableColumn(dataset.table, LABEL_COLUMN), { column: LABEL_COLUMN });
}
