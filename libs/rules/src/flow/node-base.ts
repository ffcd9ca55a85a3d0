import { z } from 'zod';
import { validateCondition } from '../conditions/validate-condition';
import type { RootCondition } from '../conditions/condition-types';

export const nodeIdSchema = z.string({ error: 'must be text' }).min(1, { error: 'must not be empty' }).describe('Unique id of the node in the flow');

export const positionSchema = z
  .object({ x: z.number().describe('Horizontal position on the canvas'), y: z.number().describe('Vertical position on the canvas') })
  .describe('Where the node sits on the canvas');

export const nodeLabelSchema = z.string().max(80, { error: 'must be at most 80 characters' }).optional().describe('Name shown on the canvas and in messages');

/** A json-rules-engine condition; its details are checked (and explained) by validateCondition. */
export const conditionSchema = z
  .custom<RootCondition>((value) => validateCondition(value).length === 0, { error: 'is not a valid condition' })
  .describe('A json-rules-engine condition: all / any / not over { fact, operator, value, path? }');

/** Builds the `{ id, type, data, position }` schema of one node type. */
export function nodeSchemaOf<Type extends string, Data extends z.ZodType>(type: Type, data: Data) {
  return z
    .object({ id: nodeIdSchema, type: z.literal(type), data, position: positionSchema })
    .describe(`A ${type} node`);
}

/** What every node-type file exports, gathered in node-registry.ts. */
export interface NodeTypeDefinition<Type extends string, Data> {
  readonly type: Type;
  /** What a marketer calls it, e.g. "A/B split". */
  readonly title: string;
  readonly dataSchema: z.ZodType<Data>;
  /** Outgoing handles; an empty list means the node ends the journey. */
  readonly handles: (data: Data) => readonly string[];
  readonly defaultData: () => Data;
}
