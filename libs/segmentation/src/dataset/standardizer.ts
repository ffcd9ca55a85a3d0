import { DesignMatrix, assertSameFeatures } from './design-matrix';

export interface StandardizerJSON {
  kind: 'standardizer';
  version: 1;
  featureNames: string[];
  means: number[];
  scales: number[];
}

/**
 * Centres each feature on its training mean and divides by its training standard deviation
 * (population formula). A constant feature keeps scale 1 so it becomes all zeros, not NaN.
 */
export class Standardizer {
  private constructor(
    readonly featureNames: readonly string[],
    readonly means: Float64Array,
    readonly scales: Float64Array,
  ) {}

  static fit(matrix: DesignMatrix): Standardizer {
    const { nRows, nFeatures, values } = matrix;
    if (nRows === 0) throw new RangeError('cannot fit a standardizer on an empty matrix');
    const means = new Float64Array(nFeatures);
    const scales = new Float64Array(nFeatures);
    for (let i = 0; i < nRows; i++) for (let j = 0; j < nFeatures; j++) means[j] += values[i * nFeatures + j];
    for (let j = 0; j < nFeatures; j++) means[j] /= nRows;
    for (let i = 0; i < nRows; i++) {
      for (let j = 0; j < nFeatures; j++) {
        const d = values[i * nFeatures + j] - means[j];
        scales[j] += d * d;
      }
    }
    for (let j = 0; j < nFeatures; j++) {
      const sd = Math.sqrt(scales[j] / nRows);
      scales[j] = sd > 1e-12 * Math.max(1, Math.abs(means[j])) ? sd : 1;
    }
    return new Standardizer([...matrix.featureNames], means, scales);
  }

  static load(json: StandardizerJSON): Standardizer {
    if (json?.kind !== 'standardizer' || json.version !== 1) throw new Error('not a serialized standardizer (kind "standardizer", version 1)');
    const n = json.featureNames.length;
    if (json.means.length !== n || json.scales.length !== n) throw new RangeError(`standardizer has ${n} features but ${json.means.length} means and ${json.scales.length} scales`);
    return new Standardizer([...json.featureNames], Float64Array.from(json.means), Float64Array.from(json.scales));
  }

  transform(matrix: DesignMatrix): DesignMatrix {
    assertSameFeatures(matrix, this.featureNames, 'the standardizer');
    const { nRows, nFeatures } = matrix;
    const values = new Float64Array(matrix.values.length);
    for (let i = 0; i < nRows; i++) {
      const base = i * nFeatures;
      for (let j = 0; j < nFeatures; j++) values[base + j] = (matrix.values[base + j] - this.means[j]) / this.scales[j];
    }
    return { values, nRows, nFeatures, featureNames: matrix.featureNames };
  }

  toJSON(): StandardizerJSON {
    return { kind: 'standardizer', version: 1, featureNames: [...this.featureNames], means: Array.from(this.means), scales: Array.from(this.scales) };
  }
}
