export { createDesignMatrix, designMatrixFromRows, selectRows, selectLabels } from './design-matrix';
export type { DesignMatrix } from './design-matrix';
export { TableEncoder } from './table-encoder';
export type { TableEncoderOptions, TableEncoderJSON, CategoricalColumnJSON, ColumnGroup } from './table-encoder';
export { Standardizer } from './standardizer';
export type { StandardizerJSON } from './standardizer';
export { encodeBinaryLabels, countClasses } from './labels';
export type { BinaryLabelOptions } from './labels';
export type { RawRow, RawValue } from './raw-table';
