// The subset of JSONPath we accept in a condition's `path`: `$`, then `.name` and `[index]` steps.
// Within that subset, resolveFactPath behaves exactly like json-rules-engine (almanac + jsonpath-plus
// with `wrap: false`); wildcards, filters and slices would return several values and are refused.

const PATH_PATTERN = /^\$(?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*$/;
const STEP_PATTERN = /\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]/g;

export function isSupportedFactPath(path: string): boolean {
  return PATH_PATTERN.test(path);
}

/** Splits `$.a.b[0]` into `['a', 'b', '0']`; throws on a path outside the supported subset. */
export function parseFactPath(path: string): readonly string[] {
  if (!isSupportedFactPath(path)) throw new Error(`Unsupported fact path: ${path}`);
  const steps: string[] = [];
  for (const match of path.matchAll(STEP_PATTERN)) steps.push(match[1] ?? match[2]);
  return steps;
}

/**
 * Applies parsed path steps to a fact value the way json-rules-engine does:
 * - a path on a fact that is not an object (null, number, string, boolean, missing) returns the fact
 *   itself, unchanged (the almanac only resolves paths on objects);
 * - each step follows an *own* property only, and only from a truthy value, so `$.a.length` on a
 *   string `a` gives its length and anything below `0`, `''` or `false` is undefined;
 * - a step that finds nothing makes the whole result undefined.
 */
export function resolveFactPath(factValue: unknown, steps: readonly string[]): unknown {
  if (factValue === null || typeof factValue !== 'object') return factValue;
  let current: unknown = factValue;
  for (const step of steps) {
    if (!current || !Object.hasOwn(current as object, step)) return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}
