/**
 * Columns streamed out of PostgreSQL as packed binary records: a query concatenates `int4send`,
 * `float8send` and `int2send` values with `string_agg(..., ''::bytea)`, so one chunk of a large
 * table arrives as a single Buffer (big-endian) instead of hundreds of thousands of row objects.
 * node-postgres has no COPY support of its own; this gets the same effect without another package.
 */

/** A typed array that grows by doubling; `finish()` returns a trimmed copy. */
export class GrowableColumn<T extends Int32Array | Float64Array | Uint8Array> {
  private data: T;
  length = 0;

  constructor(private readonly make: (size: number) => T, capacity = 1024) {
    this.data = make(Math.max(16, capacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  finish(): T {
    return this.data.slice(0, this.length) as T;
  }
}

export const int32Column = (capacity?: number) => new GrowableColumn((n) => new Int32Array(n), capacity);
export const float64Column = (capacity?: number) => new GrowableColumn((n) => new Float64Array(n), capacity);
export const uint8Column = (capacity?: number) => new GrowableColumn((n) => new Uint8Array(n), capacity);

/** Dense ids 0..m-1 for 32-bit keys (hashed invoice numbers, SKUs), in first-seen order. */
export class DenseIds {
  private readonly idOf = new Map<number, number>();

  get size(): number {
    return this.idOf.size;
  }

  idFor(key: number): number {
    let id = this.idOf.get(key);
    if (id === undefined) {
      id = this.idOf.size;
      this.idOf.set(key, id);
    }
    return id;
  }
}

/** Customer id → dense index 0..n-1 for sorted ids, through a lookup table (ids are compact serials). */
export class CustomerIndex {
  private readonly indexById: Int32Array;

  constructor(readonly ids: Int32Array) {
    let maxId = 0;
    for (let i = 0; i < ids.length; i++) if (ids[i] > maxId) maxId = ids[i];
    this.indexById = new Int32Array(maxId + 1).fill(-1);
    for (let i = 0; i < ids.length; i++) this.indexById[ids[i]] = i;
  }

  get count(): number {
    return this.ids.length;
  }

  /** -1 for an id that is not in the index. */
  indexOf(id: number): number {
    return id >= 0 && id < this.indexById.length ? this.indexById[id] : -1;
  }
}

/** Reads fixed-size big-endian records: call `forEach` with a callback reading fields at offsets. */
export function forEachRecord(buffer: Buffer, recordSize: number, read: (buffer: Buffer, offset: number) => void): number {
  if (buffer.length % recordSize !== 0) throw new Error(`a chunk of ${buffer.length} bytes is not a whole number of ${recordSize}-byte records`);
  const records = buffer.length / recordSize;
  for (let offset = 0; offset < buffer.length; offset += recordSize) read(buffer, offset);
  return records;
}

/** A PostgreSQL array literal of numbers ('{1,2.5,NaN}'), the fastest way to pass a typed array to unnest(). */
export function numberArrayLiteral(values: ArrayLike<number>, from = 0, to = values.length, decimals = 6): string {
  const scale = 10 ** decimals;
  const parts: string[] = new Array(to - from);
  for (let i = from; i < to; i++) {
    const v = values[i];
    parts[i - from] = Number.isFinite(v) ? String(Math.round(v * scale) / scale) : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  }
  return `{${parts.join(',')}}`;
}

/** A PostgreSQL int array literal where `nullWhen(v)` entries become NULL. */
export function intArrayLiteral(values: ArrayLike<number>, from = 0, to = values.length, nullWhen: (v: number) => boolean = () => false): string {
  const parts: string[] = new Array(to - from);
  for (let i = from; i < to; i++) parts[i - from] = nullWhen(values[i]) ? 'NULL' : String(values[i]);
  return `{${parts.join(',')}}`;
}
