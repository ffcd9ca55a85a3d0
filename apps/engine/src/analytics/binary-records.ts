/**
 * Typed columns filled row by row (from binary COPY, see copy-binary.ts), dense ids for hashed keys,
 * and the array literals that pass typed arrays to PostgreSQL's unnest().
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

  /** The values so far, without a copy (valid until the next push). */
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

export const int32Column = (capacity?: number) => new GrowableColumn((n) => new Int32Array(n), capacity);
export const float64Column = (capacity?: number) => new GrowableColumn((n) => new Float64Array(n), capacity);
export const uint8Column = (capacity?: number) => new GrowableColumn((n) => new Uint8Array(n), capacity);

/**
 * Dense ids 0..m-1 for 32-bit keys (hashed invoice numbers, SKUs), in first-seen order. An
 * open-addressing table on typed arrays: a Map boxed half of the keys (hashes beyond the small
 * integer range) and cost ~3 s per 5 million lines.
 */
export class DenseIds {
  private keys: Int32Array;
  /** id + 1 per slot; 0 = empty. */
  private slots: Int32Array;
  private mask: number;
  /** 32 − log2(slots): the slot is the top bits of the multiplicative hash, which depend on every bit of the key. */
  private shift: number;
  size = 0;

  /** `expected`: about how many distinct keys will come (the table then never grows on the way there). */
  constructor(expected = 512) {
    const bits = Math.min(30, Math.max(10, Math.ceil(Math.log2(expected * 2 + 1))));
    this.keys = new Int32Array(1 << bits);
    this.slots = new Int32Array(1 << bits);
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
  }

  idFor(key: number): number {
    let slot = Math.imul(key, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const held = this.slots[slot];
      if (held === 0) break;
      if (this.keys[slot] === key) return held - 1;
      slot = (slot + 1) & this.mask;
    }
    const id = this.size++;
    this.keys[slot] = key;
    this.slots[slot] = id + 1;
    if (this.size * 2 > this.mask) this.grow();
    return id;
  }

  private grow(): void {
    const { keys, slots } = this;
    this.keys = new Int32Array(keys.length * 2);
    this.slots = new Int32Array(slots.length * 2);
    this.mask = this.slots.length - 1;
    this.shift--;
    for (let i = 0; i < slots.length; i++) {
      if (slots[i] === 0) continue;
      let slot = Math.imul(keys[i], 0x9e3779b1) >>> this.shift;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.keys[slot] = keys[i];
      this.slots[slot] = slots[i];
    }
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
