// Small flows for the trigger, enrollment API and crash tests, built from the library's node
// types and published through the public API like a marketer would.
import { FLOW_SCHEMA_VERSION, type FlowDefinition, type FlowEdge, type FlowNode, type ReEntryPolicy, type TriggerSource } from '@retain/rules';
import type { TestApp } from '../../testing/test-app';

/** trigger → …steps → exit, each step linked to the next through its first handle (or `handle`). */
export function chainFlow(source: TriggerSource, steps: Array<{ id: string; type: FlowNode['type']; data: Record<string, unknown>; handle?: string }> = [], reEntry: ReEntryPolicy = { policy: 'never' }): FlowDefinition {
  const nodes = [
    { id: 'trigger', type: 'trigger', position: { x: 0, y: 0 }, data: { source, reEntry } },
    ...steps.map((step, i) => ({ id: step.id, type: step.type, position: { x: 0, y: 120 * (i + 1) }, data: step.data })),
    { id: 'exit', type: 'exit', position: { x: 0, y: 120 * (steps.length + 1) }, data: {} },
  ] as FlowNode[];
  const edges: FlowEdge[] = [];
  for (let i = 0; i < nodes.length - 1; i++) {
    const step = i === 0 ? undefined : steps[i - 1];
    edges.push({ id: `e${i}`, source: nodes[i].id, sourceHandle: step?.handle ?? 'next', target: nodes[i + 1].id });
  }
  return { schemaVersion: FLOW_SCHEMA_VERSION, nodes, edges };
}

/** Creates and publishes a flow; returns its id. */
export async function publishFlow(t: TestApp, auth: string, name: string, definition: FlowDefinition): Promise<number> {
  const created = await t.request('POST', '/api/flows', { auth, body: { name, definition } });
  if (created.status !== 201) throw new Error(`create flow: ${created.status} ${JSON.stringify(created.body)}`);
  const published = await t.request('POST', `/api/flows/${created.body.id}/publish`, { auth, body: {} });
  if (published.status !== 200) throw new Error(`publish flow: ${published.status} ${JSON.stringify(published.body)}`);
  return created.body.id as number;
}

export const emailStep = (id: string, subject: string) => ({
  id,
  type: 'email' as const,
  data: { content: { source: 'inline', subject, body: `<p>Hi {{ customer.firstName }}: ${subject}</p>` }, from: { name: 'The Shop', email: 'hello@shop.example' } },
});
