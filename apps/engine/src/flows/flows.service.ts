// Flows: create, edit the draft, validate, publish (immutable versions), pause, resume, archive,
// export and import. Every change locks the flow's row, and is audited in the same transaction.
import { Injectable } from '@nestjs/common';
import { validateFlow, validateFlowStructure, type FlowDefinition, type FlowProblem } from '@retain/rules';
import { z } from 'zod';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { DomainError, type ProblemDetail } from '../common/errors/domain-error';
import { describeIssues, parseInput } from '../common/validation/parse';
import { PrismaService } from '../database/prisma.service';
import type { Flow, FlowVersion, Prisma } from '../generated/prisma/client';
import { checkFlowShape, starterFlowDefinition } from './flow-definition';
import { diffFlows } from './flow-diff';
import { DatabaseReferenceLookups, explainReferenceProblems, liquidProblemsOfFlow } from './flow-reference-resolver';
import { FlowVersionsRepository } from './flow-versions.repository';
import { createFlowBody, EXPORT_FORMAT, EXPORT_FORMAT_VERSION, importBody, listFlowsQuery, publishBody, saveDraftBody, type FlowStatus } from './flows.schemas';
import { flowArchived, flowNameTaken, flowNotFound, flowProblemsError } from './exceptions/flow-errors';

type FlowAction = 'flow.created' | 'flow.draftSaved' | 'flow.published' | 'flow.paused' | 'flow.resumed' | 'flow.archived' | 'flow.imported';

interface UserRef {
  id: number;
  email: string;
  name: string | null;
}

const userIdOf = (principal: Principal | undefined): number | null => (principal?.kind === 'user' ? principal.userId : null);

/** Parses a request envelope and its flow definition together, so one 400 lists every problem. */
function parseWithDefinition<S extends z.ZodType>(schema: S, body: unknown, what: string, defaultDefinition?: () => FlowDefinition) {
  const envelope = schema.safeParse(body);
  const problems: Array<ProblemDetail | FlowProblem> = envelope.success ? [] : describeIssues(envelope.error.issues);
  const rawDefinition = body !== null && typeof body === 'object' ? (body as { definition?: unknown }).definition : undefined;
  let definition: FlowDefinition | undefined;
  let structuralProblems: FlowProblem[] = [];
  if (rawDefinition === undefined && defaultDefinition) {
    definition = defaultDefinition();
    structuralProblems = validateFlowStructure(definition);
  } else {
    const shape = checkFlowShape(rawDefinition);
    if (shape.ok) ({ definition, structuralProblems } = shape);
    else problems.push(...shape.problems);
  }
  if (problems.length || !envelope.success || !definition) throw flowProblemsError(`The ${what} is invalid`, problems);
  return { input: envelope.data as z.infer<S>, definition, structuralProblems };
}

@Injectable()
export class FlowsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly versions: FlowVersionsRepository,
    private readonly references: DatabaseReferenceLookups,
    private readonly audit: AuditService,
  ) {}

  // ---- reads ----

  async list(query: z.infer<typeof listFlowsQuery>) {
    const flows = await this.prisma.flow.findMany({
      where: query.status ? { status: query.status } : { status: { not: 'archived' } },
      orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
      include: { currentVersion: { select: { version: true } }, versions: { where: { state: 'draft' }, select: { version: true } } },
    });
    const users = await this.usersById(flows.map((flow) => flow.updatedById));
    return { items: flows.map((flow) => this.summary(flow, flow.currentVersion?.version ?? null, flow.versions[0]?.version ?? null, users)) };
  }

  async get(id: number) {
    const flow = await this.findFlow(id);
    const [draft, published] = await Promise.all([this.versions.findDraft(id), flow.currentVersionId ? this.versions.findById(flow.currentVersionId) : null]);
    const users = await this.usersById([flow.updatedById, draft?.updatedById, published?.publishedById]);
    return {
      ...this.summary(flow, published?.version ?? null, draft?.version ?? null, users),
      draft: draft ? { ...this.versionView(draft, users), structuralProblems: validateFlowStructure(draft.definition) } : null,
      published: published ? this.versionView(published, users) : null,
    };
  }

  async listVersions(id: number) {
    await this.findFlow(id);
    const versions = await this.versions.list(id);
    const users = await this.usersById(versions.flatMap((v) => [v.createdById, v.updatedById, v.publishedById]));
    return {
      items: versions.map((v) => ({
        version: v.version,
        state: v.state,
        checksum: v.checksum,
        createdAt: v.createdAt,
        createdBy: this.user(users, v.createdById),
        updatedAt: v.updatedAt,
        updatedBy: this.user(users, v.updatedById),
        publishedAt: v.publishedAt,
        publishedBy: this.user(users, v.publishedById),
      })),
    };
  }

  async getVersion(id: number, versionNumber: number) {
    const flow = await this.findFlow(id);
    const version = await this.versions.findByNumber(id, versionNumber);
    if (!version) throw new DomainError('NOT_FOUND', `The flow “${flow.name}” has no version ${versionNumber}.`);
    const users = await this.usersById([version.updatedById, version.publishedById, version.createdById]);
    return { flowId: id, ...this.versionView(version, users), current: version.id === flow.currentVersionId };
  }

  /** Full validation (references included) of the draft, or of the published version when there is no draft. */
  async validate(id: number) {
    await this.findFlow(id);
    const version = (await this.versions.findDraft(id)) ?? (await this.currentVersionOf(id));
    if (!version) throw new DomainError('CONFLICT', `Flow ${id} has nothing to validate.`);
    const problems = await this.validateDefinition(version.definition);
    return { version: version.version, state: version.state, checksum: version.checksum, valid: problems.length === 0, problems };
  }

  async exportFlow(id: number) {
    const flow = await this.findFlow(id);
    const version = (await this.versions.findDraft(id)) ?? (await this.currentVersionOf(id));
    if (!version) throw new DomainError('CONFLICT', `Flow ${id} has nothing to export.`);
    const slug = flow.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || `flow-${flow.id}`;
    return {
      filename: `${slug}.retain-flow.json`,
      document: { format: EXPORT_FORMAT, formatVersion: EXPORT_FORMAT_VERSION, name: flow.name, description: flow.description, definition: version.definition as FlowDefinition },
    };
  }

  // ---- changes ----

  async create(principal: Principal | undefined, body: unknown) {
    const { input, definition, structuralProblems } = parseWithDefinition(createFlowBody, body, 'flow', starterFlowDefinition);
    await this.assertNameFree(input.name);
    const flow = await this.createWithDraft(principal, { name: input.name, description: input.description ?? null, definition, action: 'flow.created' });
    return { ...(await this.get(flow.id)), structuralProblems };
  }

  async importFlow(principal: Principal | undefined, body: unknown) {
    const { input, definition, structuralProblems } = parseWithDefinition(importBody, body, 'imported flow');
    const name = await this.freeName(input.name);
    const flow = await this.createWithDraft(principal, { name, description: input.description ?? null, definition, action: 'flow.imported', details: { importedName: input.name } });
    return { ...(await this.get(flow.id)), structuralProblems };
  }

  /** Saves the draft (creating one after the published version if there is none); incomplete flows are fine. */
  async saveDraft(principal: Principal | undefined, id: number, body: unknown) {
    const { definition, structuralProblems } = parseWithDefinition(saveDraftBody, body, 'draft');
    const userId = userIdOf(principal);
    const draft = await this.changeFlow(id, async (tx, flow) => {
      const existing = await this.versions.findDraft(id, tx);
      const saved = existing ? await this.versions.updateDraft(tx, existing, definition, userId) : await this.versions.createDraft(tx, id, definition, userId);
      await this.touch(tx, flow, userId);
      await this.record(principal, 'flow.draftSaved', flow, { version: saved.version, checksum: saved.checksum, newDraft: !existing }, tx);
      return saved;
    });
    return { flowId: id, version: draft.version, state: draft.state, checksum: draft.checksum, updatedAt: draft.updatedAt, structuralProblems };
  }

  async publish(principal: Principal | undefined, id: number, body: unknown) {
    const { expectedDraftChecksum } = parseInput(publishBody, body ?? {}, 'publish request');
    const flow = await this.findFlow(id);
    if (flow.status === 'archived') throw flowArchived(flow.name);
    const draft = await this.versions.findDraft(id);
    if (!draft) throw new DomainError('CONFLICT', `The flow “${flow.name}” has no draft to publish; save a draft first.`);
    if (expectedDraftChecksum && expectedDraftChecksum !== draft.checksum) throw draftChanged(flow.name);
    // Validation asks the database (segments, models), so it runs before the transaction; the
    // transaction then checks that the draft is still the one validated.
    const problems = await this.validateDefinition(draft.definition);
    if (problems.length) throw flowProblemsError(`The flow “${flow.name}” cannot be published until these are fixed`, problems);

    const userId = userIdOf(principal);
    const result = await this.changeFlow(id, async (tx, locked) => {
      const current = await this.versions.findDraft(id, tx);
      if (!current || current.checksum !== draft.checksum) throw draftChanged(locked.name);
      const previous = locked.currentVersionId ? await this.versions.findById(locked.currentVersionId, tx) : null;
      const published = await this.versions.publish(tx, current, userId);
      // A paused flow stays paused: whoever paused it resumes it on purpose.
      const status: FlowStatus = locked.status === 'paused' ? 'paused' : 'active';
      await tx.flow.update({ where: { id }, data: { status, currentVersionId: published.id, updatedAt: new Date(), updatedById: userId } });
      const changes = diffFlows(previous?.definition as FlowDefinition | undefined, published.definition as unknown as FlowDefinition);
      await this.record(
        principal,
        'flow.published',
        locked,
        {
          version: published.version,
          previousVersion: previous?.version ?? null,
          checksum: published.checksum,
          nodesAdded: changes.nodesAdded.length,
          nodesRemoved: changes.nodesRemoved.length,
          nodesChanged: changes.nodesChanged.length,
          edgesAdded: changes.edgesAdded.length,
          edgesRemoved: changes.edgesRemoved.length,
        },
        tx,
      );
      return { published, previous, changes, status };
    });
    return {
      flowId: id,
      status: result.status,
      version: result.published.version,
      checksum: result.published.checksum,
      publishedAt: result.published.publishedAt,
      previousVersion: result.previous?.version ?? null,
      changes: result.changes,
    };
  }

  pause(principal: Principal | undefined, id: number) {
    return this.changeStatus(principal, id, 'active', 'paused', 'flow.paused', (flow) => `The flow “${flow.name}” is not running (it is ${flow.status}); only an active flow can be paused.`);
  }

  resume(principal: Principal | undefined, id: number) {
    return this.changeStatus(principal, id, 'paused', 'active', 'flow.resumed', (flow) => `The flow “${flow.name}” is not paused (it is ${flow.status}); only a paused flow can be resumed.`);
  }

  async archive(principal: Principal | undefined, id: number) {
    const userId = userIdOf(principal);
    await this.changeFlow(id, async (tx, flow) => {
      await tx.flow.update({ where: { id }, data: { status: 'archived', archivedAt: new Date(), updatedAt: new Date(), updatedById: userId } });
      await this.record(principal, 'flow.archived', flow, { name: flow.name, previousStatus: flow.status }, tx);
    });
    return this.get(id);
  }

  // ---- helpers ----

  private async changeStatus(principal: Principal | undefined, id: number, from: FlowStatus, to: FlowStatus, action: FlowAction, refusal: (flow: Flow) => string) {
    const userId = userIdOf(principal);
    await this.changeFlow(id, async (tx, flow) => {
      if (flow.status !== from) throw new DomainError('CONFLICT', refusal(flow));
      await tx.flow.update({ where: { id }, data: { status: to, updatedAt: new Date(), updatedById: userId } });
      await this.record(principal, action, flow, { from, to }, tx);
    });
    return this.get(id);
  }

  /** Runs a change in a transaction holding the flow's row lock; archived flows are read-only. */
  private async changeFlow<T>(id: number, change: (tx: Prisma.TransactionClient, flow: Flow) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(async (tx) => {
      const locked = await tx.$queryRaw<Array<{ id: number }>>`SELECT id FROM flows WHERE id = ${id} FOR UPDATE`;
      if (!locked.length) throw flowNotFound(id);
      const flow = await tx.flow.findUniqueOrThrow({ where: { id } });
      if (flow.status === 'archived') throw flowArchived(flow.name);
      return change(tx, flow);
    });
  }

  private async createWithDraft(principal: Principal | undefined, input: { name: string; description: string | null; definition: FlowDefinition; action: FlowAction; details?: Record<string, unknown> }) {
    const userId = userIdOf(principal);
    try {
      return await this.prisma.$transaction(async (tx) => {
        const flow = await tx.flow.create({ data: { name: input.name, description: input.description, status: 'draft', createdById: userId, updatedById: userId } });
        const draft = await this.versions.createDraft(tx, flow.id, input.definition, userId);
        await this.record(principal, input.action, flow, { name: flow.name, version: draft.version, checksum: draft.checksum, ...input.details }, tx);
        return flow;
      });
    } catch (error) {
      // another request took the name between the check and the insert
      if ((error as { code?: string }).code === 'P2002') throw flowNameTaken(input.name);
      throw error;
    }
  }

  private async validateDefinition(definition: unknown): Promise<FlowProblem[]> {
    return [...explainReferenceProblems(await validateFlow(definition, this.references.resolver())), ...liquidProblemsOfFlow(definition)];
  }

  private async assertNameFree(name: string): Promise<void> {
    const taken = await this.prisma.flow.count({ where: { name, status: { not: 'archived' } } });
    if (taken) throw flowNameTaken(name);
  }

  /** `name`, or `name (2)`, `name (3)`… : the first that no flow in use has. */
  private async freeName(name: string): Promise<string> {
    const rows = await this.prisma.flow.findMany({ where: { status: { not: 'archived' }, name: { startsWith: name } }, select: { name: true } });
    const taken = new Set(rows.map((row) => row.name));
    if (!taken.has(name)) return name;
    for (let n = 2; ; n++) if (!taken.has(`${name} (${n})`)) return `${name} (${n})`;
  }

  private async findFlow(id: number): Promise<Flow> {
    const flow = await this.prisma.flow.findUnique({ where: { id } });
    if (!flow) throw flowNotFound(id);
    return flow;
  }

  private async currentVersionOf(id: number): Promise<FlowVersion | null> {
    const flow = await this.findFlow(id);
    return flow.currentVersionId ? this.versions.findById(flow.currentVersionId) : null;
  }

  private touch(tx: Prisma.TransactionClient, flow: Flow, userId: number | null) {
    return tx.flow.update({ where: { id: flow.id }, data: { updatedAt: new Date(), updatedById: userId } });
  }

  private record(principal: Principal | undefined, action: FlowAction, flow: Flow, details: Record<string, unknown>, tx: Prisma.TransactionClient) {
    return this.audit.record(principal, { action, targetType: 'flow', targetId: flow.id, details }, tx);
  }

  private async usersById(ids: Array<number | null | undefined>): Promise<Map<number, UserRef>> {
    const wanted = [...new Set(ids.filter((id): id is number => typeof id === 'number'))];
    if (!wanted.length) return new Map();
    const users = await this.prisma.user.findMany({ where: { id: { in: wanted } }, select: { id: true, email: true, name: true } });
    return new Map(users.map((user) => [user.id, user]));
  }

  private user(users: Map<number, UserRef>, id: number | null): UserRef | null {
    return id === null ? null : (users.get(id) ?? null);
  }

  private summary(flow: Flow, currentVersion: number | null, draftVersion: number | null, users: Map<number, UserRef>) {
    return {
      id: flow.id,
      name: flow.name,
      description: flow.description,
      status: flow.status as FlowStatus,
      currentVersion,
      draftVersion,
      hasDraft: draftVersion !== null,
      createdAt: flow.createdAt,
      updatedAt: flow.updatedAt,
      updatedBy: this.user(users, flow.updatedById),
      archivedAt: flow.archivedAt,
    };
  }

  private versionView(version: FlowVersion, users: Map<number, UserRef>) {
    return {
      version: version.version,
      state: version.state,
      readOnly: version.state === 'published',
      checksum: version.checksum,
      definition: version.definition as unknown as FlowDefinition,
      createdAt: version.createdAt,
      updatedAt: version.updatedAt,
      updatedBy: this.user(users, version.updatedById),
      publishedAt: version.publishedAt,
      publishedBy: this.user(users, version.publishedById),
    };
  }
}

const draftChanged = (name: string) =>
  new DomainError('CONFLICT', `The draft of “${name}” changed since it was reviewed; review the latest draft and publish again.`);
