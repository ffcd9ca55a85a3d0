// One Liquid configuration for everything a flow renders: email subjects (plain text), email
// bodies (HTML: values are HTML-escaped), webhook bodies (JSON: values are escaped for a JSON
// string). Unknown variables render empty (a customer without a name is not an error); unknown
// filters are errors (a typo would silently drop text otherwise). `| raw` skips the escaping.
import { Liquid, LiquidError, type Template } from 'liquidjs';

export type LiquidDialect = 'text' | 'html' | 'json';

export interface LiquidProblem {
  line?: number;
  column?: number;
  /** A sentence that names the place: "tag {% if %} not closed (line 2, column 3)". */
  message: string;
}

/** Escapes a value for the inside of a JSON string literal ("{{ customer.name }}" stays valid JSON). */
function escapeForJsonString(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return JSON.stringify(text).slice(1, -1);
}

const shared = { strictVariables: false, strictFilters: true, ownPropertyOnly: true, parseLimit: 1_000_000, renderLimit: 2_000, memoryLimit: 20_000_000 };

const engines: Record<LiquidDialect, Liquid> = {
  text: new Liquid(shared),
  html: new Liquid({ ...shared, outputEscape: 'escape' }),
  json: new Liquid({ ...shared, outputEscape: escapeForJsonString }),
};

// The same few templates render for thousands of customers: parse each source once.
const MAX_CACHED = 500;
const parsed = new Map<string, Template[]>();

function parse(dialect: LiquidDialect, source: string): Template[] {
  const key = `${dialect}\u0000${source}`;
  let templates = parsed.get(key);
  if (!templates) {
    templates = engines[dialect].parse(source);
    if (parsed.size >= MAX_CACHED) parsed.clear();
    parsed.set(key, templates);
  }
  return templates;
}

/** Thrown by renderLiquid; carries the place of the problem. */
export class LiquidTemplateError extends Error {
  constructor(readonly problem: LiquidProblem) {
    super(problem.message);
    this.name = 'LiquidTemplateError';
  }
}

export function describeLiquidError(error: unknown): LiquidProblem {
  if (error instanceof LiquidError) {
    const position = error.token?.getPosition?.();
    // liquidjs appends ", line:2, col:3" to its messages; say it in words instead.
    const bare = error.message.replace(/, line:\d+, col:\d+$/, '');
    if (position) return { line: position[0], column: position[1], message: `${bare} (line ${position[0]}, column ${position[1]})` };
    return { message: bare };
  }
  return { message: error instanceof Error ? error.message : String(error) };
}

/** Undefined when the source parses; otherwise the first problem, with its line and column. */
export function checkLiquid(source: string): LiquidProblem | undefined {
  try {
    parse('text', source);
    return undefined;
  } catch (error) {
    return describeLiquidError(error);
  }
}

/** Renders a source; throws LiquidTemplateError (with line and column) on a parse or render error. */
export async function renderLiquid(source: string, variables: Record<string, unknown>, dialect: LiquidDialect): Promise<string> {
  try {
    return await engines[dialect].render(parse(dialect, source), variables);
  } catch (error) {
    throw new LiquidTemplateError(describeLiquidError(error));
  }
}
