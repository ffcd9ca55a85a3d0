// Helpers for runtime tests on the real application: a published flow inserted as the flows module
// stores it, customers, a TestClock swapped into the runtime, and drain() to run what is due.
import { randomUUID } from 'node:crypto';
import { FLOW_SCHEMA_VERSION, type FlowDefinition, type FlowNode } from '@retain/rules';
import type { TestApp } from '../../testing/test-app';
import { Clock, TestClock } from '../clock';
import { InProcessDriver } from '../queue/in-process-driver';
import { QueueHost } from '../queue/queue-host';
import { Reconciler } from '../reconciler';

let flowCounter = 0;

export interface RuntimeKit {
  clock: TestClock;
  /** Reconciler tick + wait for the in-process queue, until nothing is due. */
  drain(): Promise<void>;
  publishFlow(definition: FlowDefinition, options?: { status?: 'active' | 'paused' | 'draft' }): Promise<{ flowId: number; versionId: number }>;
  customers(count: number, data?: { country?: string; timeZone?: string; emailConsent?: boolean }): Promise<number[]>;
}

export function runtimeKit(t: TestApp, start = '2026-01-05T09:00:00Z'): RuntimeKit {
  const clock = new TestClock(start);
  t.app.get(Clock).use(clock);
  const driver = t.app.get(QueueHost).driver;
  if (!(driver instanceof InProcessDriver)) throw new Error('runtime tests expect the in-process queue (no REDIS_URL)');
  const reconciler = t.app.get(Reconciler);
  return {
    clock,
    async drain() {
      for (let round = 0; round < 20; round++) {
        await driver.whenIdle();
        const report = await reconciler.tick();
        await driver.whenIdle();
        if (report.due === 0) return;
      }
      throw new Error('drain: enrollments are still due after 20 rounds');
    },
    async publishFlow(definition, options = {}) {
      const flow = await t.prisma.flow.create({ data: { name: `runtime test flow ${++flowCounter}-${randomUUID()}` /* unique across spec files sharing a database */, status: options.status ?? 'active' } });
      const version = await t.prisma.flowVersion.create({
        data: { flowId: flow.id, version: 1, state: 'published', definition: definition as object, checksum: 'x'.repeat(64), publishedAt: clock.now() },
      });
      await t.prisma.flow.update({ where: { id: flow.id }, data: { currentVersionId: version.id } });
      return { flowId: flow.id, versionId: version.id };
    },
    async customers(count, data = {}) {
      const ids: number[] = [];
      for (let i = 0; i < count; i++) {
        const n = `${process.pid}-${Date.now()}-${++flowCounter}`;
        const row = await t.prisma.customer.create({
          data: { email: `c${n}@example.com`, name: `Customer ${n}`, emailConsent: data.emailConsent ?? true, country: data.country ?? 'United Kingdom', timeZone: data.timeZone ?? 'UTC' },
        });
        ids.push(row.id);
      }
      return ids;
    },
  };
}

/** A flow from nodes (positions filled in) and edges written as [source, handle, target]. */
export function flow(nodes: Array<Omit<FlowNode, 'position'>>, edges: Array<[string, string, string]>): FlowDefinition {
  return {
    schemaVersion: FLOW_SCHEMA_VERSION,
    nodes: nodes.map((node, i) => ({ ...node, position: { x: 0, y: i * 100 } })) as FlowNode[],
    edges: edges.map(([source, sourceHandle, target], i) => ({ id: `e${i}`, source, sourceHandle, target })),
  };
}

export const manualTrigger = (reEntry: { policy: 'never' } | { policy: 'after-exit' } | { policy: 'after-days'; days: number } = { policy: 'after-exit' }) =>
  ({ id: 'trigger', type: 'trigger', data: { source: { kind: 'manual' }, reEntry } }) as const;

export const emailNode = (id: string, subject = `Subject of ${id}`) =>
  ({ id, type: 'email', data: { content: { source: 'inline', subject, body: `<p>Hi {{ customer.firstName }}, ${id}</p>` }, from: { name: 'Shop', email: 'shop@example.com' } } }) as const;
