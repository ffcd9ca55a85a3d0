// Turns a zod issue inside a node into words: "expiry days must be at most 365 days".
import type { z } from 'zod';

function words(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[-_]/g, ' ').toLowerCase();
}

/** `['data', 'variants', 1, 'weight']` → "variant 2 weight". */
export function fieldName(path: readonly PropertyKey[]): string {
  const parts: string[] = [];
  for (const step of path[0] === 'data' ? path.slice(1) : path) {
    if (typeof step === 'number') {
      const previous = parts.pop() ?? 'item';
      parts.push(`${previous.replace(/s$/, '')} ${step + 1}`);
    } else {
      parts.push(words(String(step)));
    }
  }
  return parts.join(' ') || 'the settings';
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const step of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[step];
  }
  return current;
}

const EXPECTED_WORDS: Record<string, string> = { string: 'text', number: 'a number', boolean: 'true or false', array: 'a list', object: 'filled in' };

export function describeSchemaIssue(issue: z.core.$ZodIssue, rawNode: unknown): string {
  const field = fieldName(issue.path);
  if (issue.code === 'invalid_type' && valueAt(rawNode, issue.path) === undefined) return `${field} is missing.`;
  if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator) {
    return `${field} ${words(String(issue.discriminator))} must be one of the listed choices.`;
  }
  if (issue.code === 'invalid_type' && issue.message.startsWith('Invalid input')) {
    return `${field} must be ${EXPECTED_WORDS[issue.expected] ?? issue.expected}.`;
  }
  if (issue.code === 'unrecognized_keys') return `${field} has unexpected settings (${issue.keys.join(', ')}).`;
  return `${field} ${issue.message}.`;
}
