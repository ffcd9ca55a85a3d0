// Statements that run many times a second with the same text are prepared once per connection
// (a named statement) instead of planned on every call. PostgreSQL switches a prepared statement
// to one generic plan after five calls, a plan made without seeing the parameters: only for plain
// inserts from a JSON document or arrays. Measured at 500 tracked events a second (pg_stat_statements):
// the events insert 703 → 12 ms of planning with the same run time; but statements that join or
// update by an array (the customers upsert, the step results, the deliveries update, the
// template variables) ran 2.5 to 8 times slower on their generic plans.
import { createHash } from 'node:crypto';
import type { QueryConfig } from 'pg';

const names = new Map<string, string>();

/** `text` as a named query (the name is derived from the text, so one text always has one name). */
export function prepared(text: string, values: unknown[]): QueryConfig {
  let name = names.get(text);
  if (name === undefined) {
    name = `retain_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    names.set(text, name);
  }
  return { name, text, values };
}
