/** Up-front option checks with messages that name the option (ml-kmeans `assert.ts` style). */
export function assertInteger(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer in ${min}..${max === Number.MAX_SAFE_INTEGER ? '∞' : max}, got ${value}`);
  }
}

export function assertNumberIn(name: string, value: number, min: number, max: number, { minExclusive = false } = {}): void {
  if (typeof value !== 'number' || Number.isNaN(value) || (minExclusive ? value <= min : value < min) || value > max) {
    throw new RangeError(`${name} must be a number in ${minExclusive ? '(' : '['}${min}, ${max}], got ${value}`);
  }
}
