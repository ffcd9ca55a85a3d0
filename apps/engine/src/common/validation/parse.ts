import { z } from 'zod';
import { DomainError, ProblemDetail } from '../errors/domain-error';

/** Parses input against a zod schema, turning every issue into a readable problem (400). */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = 'request'): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new DomainError('VALIDATION_FAILED', `The ${what} is invalid: ${describeIssues(result.error.issues)[0]?.message ?? 'see details'}`, describeIssues(result.error.issues));
}

export function describeIssues(issues: z.core.$ZodIssue[]): ProblemDetail[] {
  return issues.map((issue) => {
    const where = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    return { path: where || undefined, message: where ? `${where}: ${message}` : message };
  });
}

/** Query-string helpers: numbers arrive as strings. */
export const queryInt = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);
