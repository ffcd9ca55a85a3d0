/** Small statistics on typed columns, shared by features, clustering and explanations. */

/** Quantile with linear interpolation between order statistics (type 7, as numpy and R default). NaN when empty. */
export function quantile(values: ArrayLike<number>, q: number, mask?: ArrayLike<number>): number {
  const sorted = sortedValues(values, mask);
  return quantileOfSorted(sorted, q);
}

export function median(values: ArrayLike<number>, mask?: ArrayLike<number>): number {
  return quantile(values, 0.5, mask);
}

export function quantileOfSorted(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/** The values (those whose mask entry is non-zero, when a mask is given) in ascending order. */
export function sortedValues(values: ArrayLike<number>, mask?: ArrayLike<number>): Float64Array {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (!mask || mask[i]) count++;
  const out = new Float64Array(count);
  let j = 0;
  for (let i = 0; i < values.length; i++) if (!mask || mask[i]) out[j++] = values[i];
  return out.sort();
}

export function mean(values: ArrayLike<number>, mask?: ArrayLike<number>): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    if (mask && !mask[i]) continue;
    sum += values[i];
    count++;
  }
  return count === 0 ? NaN : sum / count;
}
