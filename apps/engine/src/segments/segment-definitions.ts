import { Injectable } from '@nestjs/common';
import { RFM_SEGMENTS } from '@retain/segmentation';
import type { Principal } from '../auth/principal';
import { AuditService } from '../audit/audit.service';
import { DomainError, notFound, type ProblemDetail } from '../common/errors/domain-error';
import { parseInput } from '../common/validation/parse';
import { PrismaService } from '../database/prisma.service';
import { inPoolTransaction } from '../ingest/pg-transaction';
import { Prisma } from '../generated/prisma/client';
import { checkRuleCondition, referencedSegmentIds } from './fact-catalogue';
import { MembershipRefresher } from './membership-refresher';
import { insertHistory } from './membership-writes';
import { SegmentRefreshQueue } from './refresh-queue';
import { dependencyNodes, SegmentCatalog } from './segment-catalog';
import { findDependencyCycle } from './segment-dependencies';
import {
  clusterDefinition,
  manualDefinition,
  manualMembersBody,
  rfmDefinition,
  ruleDefinition,
  scoreBandDefinition,
  type SegmentInput,
  type SegmentKind,
  type StoredDefinition,
  segmentPatch,
} from './segments.schemas';

const DEFINITION_SCHEMAS = { rule: ruleDefinition, rfm: rfmDefinition, cluster: clusterDefinition, scoreBand: scoreBandDefinition, manual: manualDefinition } as const;

const invalid = (message: string, details: ProblemDetail[] = []) => new DomainError('VALIDATION_FAILED', message, details);

/** Creating, changing and archiving segments; every definition is checked against the data before it is saved. */
@Injectable()
export class SegmentDefinitions {
  constructor(
    private readonly prisma: PrismaService,
    private readonly catalog: SegmentCatalog,
    private readonly queue: SegmentRefreshQueue,
    private readonly refresher: MembershipRefresher,
    private readonly audit: AuditService,
  ) {}

  /** Validates a definition of a kind and normalises it (manual lists become customer ids). `selfId` when updating. */
  async normalise(kind: SegmentKind, definition: unknown, selfId?: number): Promise<StoredDefinition> {
    const parsed = parseInput(DEFINITION_SCHEMAS[kind] as never, definition, `${kind} segment definition`) as never;
    switch (kind) {
      case 'rule':
        return { kind, definition: await this.checkRule(parsed, selfId) };
      case 'rfm':
        return { kind, definition: checkRfm(parsed) };
      case 'cluster':
        return { kind, definition: await this.checkClusters(parsed) };
      case 'scoreBand':
        return { kind, definition: parsed };
      case 'manual':
        return { kind, definition: { customerIds: await this.resolveCustomers(parsed) } };
    }
  }

  async create(principal: Principal | undefined, input: SegmentInput) {
    await this.assertNameFree(input.name);
    const stored = await this.normalise(input.kind, input.definition);
    const createdById = principal?.kind === 'user' ? principal.userId : null;
    const segment = await this.saveUnique(() =>
      this.prisma.$transaction(async (tx) => {
        const created = await tx.segment.create({ data: { name: input.name, description: input.description ?? null, kind: stored.kind, definition: stored.definition as Prisma.InputJsonValue, createdById } });
        await this.audit.record(principal, { action: 'segment.create', targetType: 'segment', targetId: created.id, details: { name: created.name, kind: created.kind } }, tx);
        return created;
      }),
      input.name,
    );
    await this.queue.enqueueSegments([segment.id]);
    return this.prisma.segment.findUniqueOrThrow({ where: { id: segment.id } });
  }

  async update(principal: Principal | undefined, id: number, body: unknown) {
    const patch = parseInput(segmentPatch, body, 'segment change');
    const segment = await this.activeSegment(id);
    if (patch.name !== undefined && patch.name !== segment.name) await this.assertNameFree(patch.name);
    const stored = patch.definition !== undefined ? await this.normalise(segment.kind as SegmentKind, patch.definition, id) : undefined;
    await this.saveUnique(
      () =>
        this.prisma.$transaction(async (tx) => {
          await tx.segment.update({
            where: { id },
            data: { name: patch.name, description: patch.description, ...(stored ? { definition: stored.definition as Prisma.InputJsonValue } : {}) },
          });
          await this.audit.record(principal, { action: 'segment.update', targetType: 'segment', targetId: id, details: { changed: Object.keys(patch) } }, tx);
        }),
      patch.name ?? segment.name,
    );
    if (stored) await this.queue.enqueueSegments([id]);
    return this.prisma.segment.findUniqueOrThrow({ where: { id } });
  }

  /** Replaces a manual segment's list and refreshes it (entries and exits are recorded like any other). */
  async replaceMembers(principal: Principal | undefined, id: number, body: unknown) {
    const segment = await this.activeSegment(id);
    if (segment.kind !== 'manual') throw invalid(`Segment ${id} is a ${segment.kind} segment; only manual segments have a list of members.`);
    const list = parseInput(manualMembersBody, body, 'member list');
    return this.update(principal, id, { definition: list });
  }

  /** Archives a segment: its members exit with the reason "segment archived". */
  async archive(principal: Principal | undefined, id: number) {
    const segment = await this.activeSegment(id);
    const users = (await this.catalog.activeSegments()).filter((s) => s.stored.kind === 'rule' && referencedSegmentIds(s.stored.definition.condition).includes(id));
    if (users.length) {
      throw new DomainError('CONFLICT', `Segment “${segment.name}” is used by ${users.map((s) => `“${s.name}” (${s.id})`).join(', ')}; change those rules first.`);
    }
    const written = await inPoolTransaction(this.prisma.pool, async (client) => {
      const locked = await client.query<{ at: Date }>('SELECT now() AS at FROM segments WHERE id = $1 AND archived_at IS NULL FOR UPDATE', [id]);
      if (!locked.rows.length) throw new DomainError('CONFLICT', `Segment ${id} is already archived.`);
      const at = locked.rows[0].at;
      const { rows } = await client.query<{ id: number }>('DELETE FROM segment_memberships WHERE segment_id = $1 RETURNING customer_id AS id', [id]);
      const exited = rows.map((r) => ({ customerId: r.id, reason: 'segment archived', score: null }));
      await insertHistory(client, id, 'exited', exited, at, null, 'wall');
      await client.query('UPDATE segments SET archived_at = $2, size = 0, updated_at = $2 WHERE id = $1', [id, at]);
      return { at, entered: [], exited, modelVersionId: null };
    });
    await this.audit.record(principal, { action: 'segment.archive', targetType: 'segment', targetId: id, details: { name: segment.name, exited: written.exited.length } });
    await this.refresher.publish(id, written);
    return this.prisma.segment.findUniqueOrThrow({ where: { id } });
  }

  private async activeSegment(id: number) {
    const segment = await this.prisma.segment.findUnique({ where: { id } });
    if (!segment) throw notFound('Segment', id);
    if (segment.archivedAt) throw new DomainError('CONFLICT', `Segment ${id} (“${segment.name}”) is archived and cannot be changed.`);
    return segment;
  }

  private async assertNameFree(name: string): Promise<void> {
    const existing = await this.prisma.segment.findUnique({ where: { name }, select: { id: true, archivedAt: true } });
    if (existing) throw nameTaken(name, existing.archivedAt !== null);
  }

  private async saveUnique<T>(save: () => Promise<T>, name: string): Promise<T> {
    try {
      return await save();
    } catch (error) {
      // a concurrent request took the name between the check and the insert
      if ((error as { code?: string }).code === 'P2002') throw nameTaken(name, false);
      throw error;
    }
  }

  private async checkRule(definition: { condition: Record<string, unknown> }, selfId?: number) {
    const segments = await this.catalog.activeSegments();
    const ids = new Set(segments.map((s) => s.id));
    const problems = checkRuleCondition(definition.condition, ids);
    if (problems.length) {
      throw invalid(`The rule is invalid: ${problems[0].message}`, problems.map((p) => ({ path: p.path ? `definition.condition.${p.path}` : 'definition.condition', message: p.message })));
    }
    if (selfId !== undefined) {
      const nodes = dependencyNodes(segments).map((n) => (n.id === selfId ? { id: selfId, dependsOn: referencedSegmentIds(definition.condition) } : n));
      const cycle = findDependencyCycle(nodes);
      if (cycle) {
        const names = new Map(segments.map((s) => [s.id, s.name]));
        throw invalid(`The rule would make segments depend on themselves: ${cycle.map((id) => `“${names.get(id)}”`).join(' → ')}.`);
      }
    }
    return definition;
  }

  private async checkClusters(definition: { clusters: number[] }) {
    const run = await this.prisma.clusteringRun.findFirst({ orderBy: { id: 'desc' }, select: { id: true, k: true } });
    if (!run) throw invalid('There is no clustering run yet: run the analytics pipeline before making a cluster segment.');
    const unknown = definition.clusters.filter((c) => c >= run.k);
    if (unknown.length) throw invalid(`Unknown cluster ${unknown.join(', ')}: the latest clustering run has clusters 0–${run.k - 1}.`, [{ path: 'definition.clusters', message: `unknown cluster ${unknown.join(', ')}` }]);
    return { clusters: [...new Set(definition.clusters)].sort((a, b) => a - b) };
  }

  private async resolveCustomers(definition: { externalIds?: string[]; customerIds?: number[] }): Promise<number[]> {
    const ids = new Set<number>();
    if (definition.externalIds?.length) {
      const wanted = [...new Set(definition.externalIds)];
      const { rows } = await this.prisma.pool.query<{ id: number; externalId: string }>('SELECT id, external_id AS "externalId" FROM customers WHERE external_id = ANY($1::text[])', [wanted]);
      const found = new Set(rows.map((r) => r.externalId));
      const missing = wanted.filter((e) => !found.has(e));
      if (missing.length) throw invalid(`Unknown customer${missing.length > 1 ? 's' : ''} ${listSome(missing)}: no customer has that external id.`);
      rows.forEach((r) => ids.add(r.id));
    }
    if (definition.customerIds?.length) {
      const wanted = [...new Set(definition.customerIds)];
      const { rows } = await this.prisma.pool.query<{ id: number }>('SELECT id FROM customers WHERE id = ANY($1::int[])', [wanted]);
      const found = new Set(rows.map((r) => r.id));
      const missing = wanted.filter((e) => !found.has(e));
      if (missing.length) throw invalid(`Unknown customer id${missing.length > 1 ? 's' : ''} ${listSome(missing)}.`);
      rows.forEach((r) => ids.add(r.id));
    }
    return [...ids].sort((a, b) => a - b);
  }
}

function checkRfm(definition: { segments: string[] } | { cells: Array<{ r: number; fm: number }> }) {
  if ('cells' in definition) return { cells: definition.cells };
  const known = new Set<string>(RFM_SEGMENTS);
  const unknown = definition.segments.filter((s) => !known.has(s));
  if (unknown.length) {
    throw invalid(`Unknown RFM segment ${unknown.map((s) => `“${s}”`).join(', ')}; the RFM segments are ${RFM_SEGMENTS.join(', ')}.`, [{ path: 'definition.segments', message: `unknown ${unknown.join(', ')}` }]);
  }
  return { segments: [...new Set(definition.segments)] };
}

function nameTaken(name: string, archived: boolean): DomainError {
  return new DomainError('CONFLICT', `A segment named “${name}” already exists${archived ? ' (archived)' : ''}; choose another name.`);
}

function listSome(values: readonly (string | number)[]): string {
  const shown = values.slice(0, 10).map((v) => `“${v}”`).join(', ');
  return values.length > 10 ? `${shown} and ${values.length - 10} more` : shown;
}
