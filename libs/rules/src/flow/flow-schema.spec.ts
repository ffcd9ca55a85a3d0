import { z } from 'zod';
import { exampleRetentionFlow } from './example-retention-flow';
import { flowDefinitionSchema, flowNodeSchema } from './flow-schema';
import { NODE_TYPES, defaultNodeData, nodeTypeDefinitions, outgoingHandles } from './node-registry';

describe('flow schema', () => {
  it('accepts the example retention flow', () => {
    expect(flowDefinitionSchema.safeParse(exampleRetentionFlow).success).toBe(true);
  });

  it.each(NODE_TYPES)('the default data of a new %s node is valid', (type) => {
    const node = { id: 'n1', type, position: { x: 0, y: 0 }, data: defaultNodeData(type) };
    expect(flowNodeSchema.safeParse(node).success).toBe(true);
  });

  it('discriminates on type: data of another type is rejected', () => {
    const node = { id: 'n1', type: 'wait', position: { x: 0, y: 0 }, data: defaultNodeData('email') };
    expect(flowNodeSchema.safeParse(node).success).toBe(false);
  });

  it('rejects an unknown node type', () => {
    expect(flowNodeSchema.safeParse({ id: 'n1', type: 'sms', position: { x: 0, y: 0 }, data: {} }).success).toBe(false);
  });

  it('gives an A/B split one handle per variant and a wait for an event two handles', () => {
    const split = exampleRetentionFlow.nodes.find((node) => node.id === 'split')!;
    expect(outgoingHandles(split)).toEqual(['A', 'B']);
    const waitForEvent = { id: 'w', type: 'wait' as const, position: { x: 0, y: 0 }, data: { mode: 'event' as const, eventName: 'purchase', timeout: { amount: 2, unit: 'days' as const } } };
    expect(outgoingHandles(waitForEvent)).toEqual(['event', 'timeout']);
    expect(outgoingHandles({ ...waitForEvent, data: { mode: 'duration', duration: { amount: 2, unit: 'days' } } })).toEqual(['next']);
    expect(outgoingHandles({ id: 'g', type: 'goal', position: { x: 0, y: 0 }, data: defaultNodeData('goal') })).toEqual([]);
  });

  it('describes every field of every node type (for the builder forms)', () => {
    const undescribed: string[] = [];
    const visit = (schema: Record<string, unknown>, path: string): void => {
      const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
      for (const [name, property] of Object.entries(properties)) {
        const isDiscriminator = 'const' in property;
        if (!property.description && !isDiscriminator) undescribed.push(`${path}.${name}`);
        visit(property, `${path}.${name}`);
      }
      for (const variant of [...((schema.anyOf ?? []) as object[]), ...((schema.oneOf ?? []) as object[])]) visit(variant as Record<string, unknown>, path);
    };
    for (const type of NODE_TYPES) {
      visit(z.toJSONSchema(nodeTypeDefinitions[type].dataSchema as z.ZodType, { unrepresentable: 'any' }) as Record<string, unknown>, type);
    }
    expect(undescribed).toEqual([]);
  });
});
