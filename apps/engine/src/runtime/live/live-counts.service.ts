// What the builder shows on a running flow, polled every few seconds: who is at each node now
// (enrollments, partial index on unfinished rows) and what happened at each node so far
// (flow_outcomes grouped by node and kind, index on (flow_id, node_id, kind)).
import { Injectable } from '@nestjs/common';
import type { FlowDefinition } from '@retain/rules';
import { DomainError } from '../../common/errors/domain-error';
import { PrismaService } from '../../database/prisma.service';
import { Clock } from '../clock';

export interface NodeCounts {
  entered: number;
  active: number;
  waiting: number;
  completed: number;
  exited: number;
  sent: number;
  failed: number;
  skipped: number;
  deferred: number;
  duplicate: number;
  goalReached: number;
  goalMissed: number;
}

export interface VersionCounts {
  versionId: number;
  version: number;
  current: boolean;
  enrolled: number;
  active: number;
  waiting: number;
  completed: number;
  exited: number;
  failed: number;
}

export interface FlowLiveCounts {
  flowId: number;
  versions: VersionCounts[];
  nodes: Record<string, NodeCounts>;
  totals: NodeCounts & { enrolled: number };
  updatedAt: string;
}

/** Outcome kind → counter (other kinds, e.g. the channels' opened/clicked, are not counted here). */
const OUTCOME_COUNTER: Record<string, keyof NodeCounts> = {
  entered: 'entered',
  sent: 'sent',
  failed: 'failed',
  skipped: 'skipped',
  deferred: 'deferred',
  duplicate: 'duplicate',
  completed: 'completed',
  exited: 'exited',
  'goal-reached': 'goalReached',
  'goal-missed': 'goalMissed',
};

/** Polled counts are reused this long, so many open builders cost one set of queries. */
const CACHE_MS = 1000;

const zero = (): NodeCounts => ({ entered: 0, active: 0, waiting: 0, completed: 0, exited: 0, sent: 0, failed: 0, skipped: 0, deferred: 0, duplicate: 0, goalReached: 0, goalMissed: 0 });

@Injectable()
export class LiveCountsService {
  private readonly cache = new Map<number, { at: number; counts: Promise<FlowLiveCounts> }>();

  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
  ) {}

  flowCounts(flowId: number): Promise<FlowLiveCounts> {
    const cached = this.cache.get(flowId);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.counts;
    const counts = this.compute(flowId);
    this.cache.set(flowId, { at: Date.now(), counts });
    counts.catch(() => this.cache.delete(flowId));
    if (this.cache.size > 1000) this.cache.delete(this.cache.keys().next().value!);
    return counts;
  }

  private async compute(flowId: number): Promise<FlowLiveCounts> {
    const flow = await this.prisma.flow.findUnique({ where: { id: flowId }, select: { id: true, currentVersionId: true } });
    if (!flow) throw new DomainError('NOT_FOUND', `Flow ${flowId} does not exist.`);
    const pool = this.prisma.pool;
    const [here, happened, byVersion, versions, current] = await Promise.all([
      pool.query<{ nodeId: string; status: 'active' | 'waiting'; n: number }>(
        `SELECT current_node_id AS "nodeId", status, count(*)::int AS n FROM enrollments WHERE flow_id = $1 AND status IN ('active', 'waiting') GROUP BY 1, 2`,
        [flowId],
      ),
      pool.query<{ nodeId: string; kind: string; n: number }>(
        `SELECT node_id AS "nodeId", kind, count(*)::int AS n FROM flow_outcomes WHERE flow_id = $1 AND kind = ANY($2::text[]) GROUP BY 1, 2`,
        [flowId, Object.keys(OUTCOME_COUNTER)],
      ),
      pool.query<{ versionId: number; status: string; n: number }>(
        `SELECT flow_version_id AS "versionId", status, count(*)::int AS n FROM enrollments WHERE flow_id = $1 GROUP BY 1, 2`,
        [flowId],
      ),
      this.prisma.flowVersion.findMany({ where: { flowId, state: 'published' }, select: { id: true, version: true }, orderBy: { version: 'desc' } }),
      flow.currentVersionId ? this.prisma.flowVersion.findUnique({ where: { id: flow.currentVersionId }, select: { definition: true } }) : null,
    ]);

    const nodes: Record<string, NodeCounts> = {};
    const nodeOf = (id: string) => (nodes[id] ??= zero());
    const definition = current?.definition as FlowDefinition | undefined;
    for (const node of Array.isArray(definition?.nodes) ? definition.nodes : []) nodeOf(node.id);
    const totals = { ...zero(), enrolled: 0 };
    for (const row of here.rows) nodeOf(row.nodeId)[row.status] += row.n;
    for (const row of happened.rows) {
      const counter = OUTCOME_COUNTER[row.kind];
      nodeOf(row.nodeId)[counter] += row.n;
      // flow-wide: actions and goals add up over nodes; entered, completed, exited come from the enrollments
      if (counter !== 'entered' && counter !== 'completed' && counter !== 'exited' && counter !== 'failed') totals[counter] += row.n;
    }

    const perVersion = new Map<number, VersionCounts>();
    for (const v of versions) perVersion.set(v.id, { versionId: v.id, version: v.version, current: v.id === flow.currentVersionId, enrolled: 0, active: 0, waiting: 0, completed: 0, exited: 0, failed: 0 });
    for (const row of byVersion.rows) {
      const counts = perVersion.get(row.versionId);
      if (!counts) continue;
      counts.enrolled += row.n;
      counts[row.status as 'active' | 'waiting' | 'completed' | 'exited' | 'failed'] += row.n;
      totals.enrolled += row.n;
      totals[row.status as 'active' | 'waiting' | 'completed' | 'exited' | 'failed'] += row.n;
    }
    totals.entered = totals.enrolled;
    return { flowId, versions: [...perVersion.values()], nodes, totals, updatedAt: this.clock.now().toISOString() };
  }
}
