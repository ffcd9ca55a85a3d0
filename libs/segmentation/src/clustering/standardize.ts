import { PointMatrix } from './point-matrix';

export type FeatureTransform = 'log1p' | 'none';

export interface ClusterFeature {
  name: string;
  /** One value per customer, in original units. */
  values: ArrayLike<number>;
  /**
   * 'log1p' for skewed money and counts (negative values, e.g. net revenue after returns, are
   * clamped to 0 first); 'none' for bounded or symmetric values. Default: see defaultTransform.
   */
  transform?: FeatureTransform;
}

/** Money, counts and day spans are right-skewed: log1p them. Rates, scores and trends are not. */
const LOG1P_BY_DEFAULT = new Set(['recencyDays', 'frequency', 'monetary', 'averageOrderValue', 'daysBetweenOrders', 'spendLastWindow', 'spendPreviousWindow', 'categoryBreadth', 'supportContacts']);

export function defaultTransform(name: string): FeatureTransform {
  return LOG1P_BY_DEFAULT.has(name) ? 'log1p' : 'none';
}

export function applyTransform(value: number, transform: FeatureTransform): number {
  return transform === 'log1p' ? Math.log1p(Math.max(0, value)) : value;
}

export interface StandardizedFeatures {
  points: PointMatrix;
  names: string[];
  transforms: FeatureTransform[];
  /** Mean and standard deviation of each transformed column (scale 1 for a constant column). */
  center: Float64Array;
  scale: Float64Array;
  /** Customer index of each row. */
  rowCustomers: Int32Array;
}

/** Transforms, then standardizes to mean 0 and standard deviation 1, the rows selected by `include`. */
export function standardizeFeatures(features: readonly ClusterFeature[], include?: ArrayLike<number>): StandardizedFeatures {
  if (features.length === 0) throw new RangeError('clustering needs at least one feature');
  const customers = features[0].values.length;
  for (const feature of features) {
    if (feature.values.length !== customers) throw new RangeError(`feature ${feature.name} has ${feature.values.length} values, ${features[0].name} has ${customers}`);
  }
  if (include && include.length !== customers) throw new RangeError(`include has ${include.length} entries, features have ${customers}`);
  const selected: number[] = [];
  for (let c = 0; c < customers; c++) if (!include || include[c]) selected.push(c);
  const rowCustomers = Int32Array.from(selected);
  const rows = rowCustomers.length;
  const columns = features.length;
  const data = new Float64Array(rows * columns);
  const transforms = features.map((f) => f.transform ?? defaultTransform(f.name));
  const center = new Float64Array(columns);
  const scale = new Float64Array(columns);
  features.forEach((feature, j) => {
    let sum = 0;
    for (let i = 0; i < rows; i++) {
      const value = applyTransform(feature.values[rowCustomers[i]], transforms[j]);
      if (!Number.isFinite(value)) throw new RangeError(`feature ${feature.name} is ${feature.values[rowCustomers[i]]} for customer ${rowCustomers[i]}; values must be finite`);
      data[i * columns + j] = value;
      sum += value;
    }
    const mean = rows ? sum / rows : 0;
    let squares = 0;
    for (let i = 0; i < rows; i++) squares += (data[i * columns + j] - mean) ** 2;
    const sd = rows ? Math.sqrt(squares / rows) : 0;
    center[j] = mean;
    scale[j] = sd > 0 ? sd : 1;
    for (let i = 0; i < rows; i++) data[i * columns + j] = (data[i * columns + j] - mean) / scale[j];
  });
  return { points: { data, rows, columns }, names: features.map((f) => f.name), transforms, center, scale, rowCustomers };
}
