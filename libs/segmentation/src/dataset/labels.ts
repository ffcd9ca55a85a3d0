import { RawValue, isBlank } from './raw-table';

export interface BinaryLabelOptions {
  /** The column the labels come from, for messages. */
  column?: string;
  /**
   * The value that means "positive" (churned). When set, every other non-blank value is negative.
   * When not set, yes/no, true/false and 1/0 (any case, as text, numbers or booleans) are understood.
   */
  positiveValue?: string | number | boolean;
}

const POSITIVE_WORDS = new Set(['1', 'yes', 'y', 'true', 'churned', 'churn']);
const NEGATIVE_WORDS = new Set(['0', 'no', 'n', 'false', 'retained', 'active']);

/** Binary labels (1 = positive class) as a Uint8Array; blanks and unknown values are errors naming the row. */
export function encodeBinaryLabels(values: ArrayLike<RawValue>, options: BinaryLabelOptions = {}): Uint8Array {
  const column = options.column ?? 'label';
  const labels = new Uint8Array(values.length);
  const positive = options.positiveValue === undefined ? undefined : String(options.positiveValue).trim();
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (isBlank(value)) throw new RangeError(`label column "${column}" is blank in row ${i}`);
    const text = String(value).trim();
    if (positive !== undefined) {
      labels[i] = text === positive ? 1 : 0;
      continue;
    }
    const word = text.toLowerCase();
    if (POSITIVE_WORDS.has(word)) labels[i] = 1;
    else if (NEGATIVE_WORDS.has(word)) labels[i] = 0;
    else {
      throw new RangeError(`label column "${column}" in row ${i} is ${JSON.stringify(value)}; expected yes/no, true/false or 1/0, or set positiveValue`);
    }
  }
  return labels;
}

/** Number of positive and negative labels. */
export function countClasses(labels: ArrayLike<number>): { positive: number; negative: number } {
  let positive = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i]) positive++;
  return { positive, negative: labels.length - positive };
}

/** Checks a label array: same length as the rows, and only 0 and 1. */
export function assertBinaryLabels(labels: ArrayLike<number>, nRows: number): void {
  if (labels.length !== nRows) throw new RangeError(`${labels.length} labels for ${nRows} rows`);
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 0 && labels[i] !== 1) throw new RangeError(`label in row ${i} is ${labels[i]}; labels must be 0 or 1`);
  }
}
