import { DesignMatrix } from '../dataset/design-matrix';
import type { TrainingTable } from '../dataset/training-table';
import { Standardizer, StandardizerJSON } from '../dataset/standardizer';
import { TableEncoder, TableEncoderJSON } from '../dataset/table-encoder';
import { RandomForest, RandomForestJSON } from './forest';
import { LogisticRegression, LogisticRegressionJSON } from './logistic';

export type ChurnModelKind = 'forest' | 'logistic';

export interface ChurnModelJSON {
  format: 'retain-churn-model';
  version: 1;
  kind: ChurnModelKind;
  /** The column the model was trained to predict, and the value that meant "churned" (if one was given). */
  label: string;
  encoder: TableEncoderJSON;
  standardizer: StandardizerJSON | null;
  model: RandomForestJSON | LogisticRegressionJSON;
}

/**
 * A trained churn model with everything it needs to score raw customer rows: the fitted encoder,
 * the fitted standardizer (if any) and the classifier. `toJSON` / `load` round-trip exactly, so a
 * loaded model gives bit-for-bit the same probabilities.
 */
export class ChurnModel {
  constructor(
    readonly kind: ChurnModelKind,
    readonly label: string,
    readonly encoder: TableEncoder,
    readonly standardizer: Standardizer | undefined,
    readonly classifier: RandomForest | LogisticRegression,
  ) {}

  get featureNames(): readonly string[] {
    return this.encoder.featureNames;
  }

  /** Churn probability for each row (same columns as in training; unseen categories are fine). */
  predictProba(table: TrainingTable): Float64Array {
    return this.predictEncoded(this.encoder.encode(table));
  }

  /** Churn probability for rows already encoded by `this.encoder` (before standardization). */
  predictEncoded(matrix: DesignMatrix): Float64Array {
    return this.classifier.predictProba(this.standardizer ? this.standardizer.transform(matrix) : matrix);
  }

  toJSON(): ChurnModelJSON {
    return {
      format: 'retain-churn-model',
      version: 1,
      kind: this.kind,
      label: this.label,
      encoder: this.encoder.toJSON(),
      standardizer: this.standardizer ? this.standardizer.toJSON() : null,
      model: this.classifier.toJSON(),
    };
  }

  static load(json: ChurnModelJSON): ChurnModel {
    if (json?.format !== 'retain-churn-model' || json.version !== 1) throw new Error('not a serialized churn model (format "retain-churn-model", version 1)');
    const encoder = TableEncoder.load(json.encoder);
    const standardizer = json.standardizer ? Standardizer.load(json.standardizer) : undefined;
    let classifier: RandomForest | LogisticRegression;
    if (json.kind === 'forest' && json.model.kind === 'random-forest') classifier = RandomForest.load(json.model);
    else if (json.kind === 'logistic' && json.model.kind === 'logistic-regression') classifier = LogisticRegression.load(json.model);
    else throw new Error(`churn model kind "${json.kind}" does not match its classifier "${json.model?.kind}"`);
    const expected = encoder.featureNames;
    if (classifier.featureNames.length !== expected.length || classifier.featureNames.some((name, j) => name !== expected[j])) {
      throw new Error('the classifier was trained on different features than the encoder produces');
    }
    return new ChurnModel(json.kind, json.label, encoder, standardizer, classifier);
  }
}
