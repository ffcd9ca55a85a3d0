import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import { flowNotFound } from '../flows/exceptions/flow-errors';
import { FlowFunnelRepository, type FunnelCountRow } from './flow-funnel.repository';
import { funnelOrder } from './funnel-order';

type Outcomes = Record<string, number>;

/** A flow's funnel from entry to goal: distinct enrollments per node and outcome, overall and per A/B arm. */
@Injectable()
export class FlowFunnelService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly counts: FlowFunnelRepository,
  ) {}

  async funnel(flowId: number) {
    const flow = await this.prisma.flow.findUnique({ where: { id: flowId }, select: { id: true, name: true, currentVersion: { select: { version: true, definition: true } } } });
    if (!flow) throw flowNotFound(flowId);
    const latest = flow.currentVersion ?? (await this.prisma.flowVersion.findFirst({ where: { flowId }, orderBy: { version: 'desc' }, select: { version: true, definition: true } }));
    const rows = await this.counts.counts(flowId, null);
    const order = funnelOrder(latest?.definition);
    for (const nodeId of new Set(rows.map((row) => row.nodeId))) {
      if (!order.some((node) => node.id === nodeId)) order.push({ id: nodeId, type: 'removed', label: null, depth: -1 }); // a node of an older version
    }
    const nodes = order.map((node) => {
      const atNode = rows.filter((row) => row.nodeId === node.id);
      const arms = [...new Set(atNode.map((row) => row.variantId).filter((id): id is string => id !== null))].sort();
      return {
        nodeId: node.id,
        type: node.type,
        label: node.label,
        depth: node.depth,
        entered: total(atNode, 'entered'),
        outcomes: outcomesOf(atNode),
        byArm: arms.map((variantId) => {
          const ofArm = atNode.filter((row) => row.variantId === variantId);
          return { variantId, entered: total(ofArm, 'entered'), outcomes: outcomesOf(ofArm) };
        }),
      };
    });
    const entries = nodes.filter((node) => node.type === 'trigger').reduce((sum, node) => sum + node.entered, 0);
    const goalReached = rows.filter((row) => row.kind === 'goal-reached').reduce((sum, row) => sum + row.enrollments, 0);
    return {
      flowId,
      flowName: flow.name,
      version: latest?.version ?? null,
      counting: 'distinct enrollments per node and outcome kind, over all versions; per arm by the arm taken before the node',
      entries,
      goalReached,
      goalRate: entries > 0 ? goalReached / entries : null,
      nodes,
    };
  }
}

const total = (rows: FunnelCountRow[], kind: string) => rows.filter((row) => row.kind === kind).reduce((sum, row) => sum + row.enrollments, 0);

function outcomesOf(rows: FunnelCountRow[]): Outcomes {
  const result: Outcomes = {};
  for (const row of rows) result[row.kind] = (result[row.kind] ?? 0) + row.enrollments;
  return result;
}
