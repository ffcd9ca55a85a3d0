import { exampleRetentionFlow, type FlowDefinition } from '@retain/rules';
import { DomainError } from '../common/errors/domain-error';
import { startTestApp, TestApp } from '../testing/test-app';
import { FlowVersionsRepository } from './flow-versions.repository';

jest.setTimeout(60_000);

describe('flows', () => {
  let t: TestApp;
  let marketer: string;
  let analyst: string;
  let marketerId: string;
  let atRiskSegmentId: number;
  /** The example flow of @retain/rules, on this database's "At Risk" segment. */
  let retentionFlow: FlowDefinition;

  const api = (method: string, path: string, body?: unknown, auth = marketer) => t.request(method, `/api/flows${path}`, { auth, body });
  const codes = (details: Array<{ code: string }>) => details.map((d) => d.code).sort();
  const auditOf = (flowId: number) => t.prisma.auditLog.findMany({ where: { targetType: 'flow', targetId: String(flowId) }, orderBy: { id: 'asc' } });

  beforeAll(async () => {
    t = await startTestApp();
    await t.reset();
    [marketer, analyst] = await Promise.all([t.tokenFor('marketer'), t.tokenFor('analyst')]);
    marketerId = String((await t.request('GET', '/api/auth/me', { auth: marketer })).body.userId);
    atRiskSegmentId = (await t.prisma.segment.create({ data: { name: 'At Risk', kind: 'manual', definition: {} } })).id;
    await t.prisma.modelVersion.create({ data: { kind: 'churn', algorithm: 'forest', version: 1, status: 'active', activatedAt: new Date(), featureNames: [], artifact: {} } });
    retentionFlow = structuredClone(exampleRetentionFlow);
    const trigger = retentionFlow.nodes.find((node) => node.id === 'trigger')!;
    if (trigger.type !== 'trigger' || trigger.data.source.kind !== 'segment-entered') throw new Error('the example flow changed');
    trigger.data.source.segmentId = String(atRiskSegmentId);
  });
  afterAll(() => t.close());

  it('creates, saves drafts, validates, publishes immutable versions, pauses, resumes and archives, auditing each change', async () => {
    const created = await api('POST', '', { name: 'Win back', description: 'At-risk customers' });
    expect(created.status).toBe(201);
    const id = created.body.id as number;
    expect(created.body).toMatchObject({ status: 'draft', currentVersion: null, draftVersion: 1, hasDraft: true, updatedBy: { id: Number(marketerId) } });
    expect(created.body.draft.definition.nodes).toEqual([{ id: 'trigger', type: 'trigger', position: { x: 0, y: 0 }, data: { source: { kind: 'manual' }, reEntry: { policy: 'never' }, holdoutPercent: 5 } }]);
    expect(codes(created.body.structuralProblems)).toEqual(['UNCONNECTED_OUTPUT']);

    // half-done work is saved, with its problems for the builder's badges
    const halfDone = { ...retentionFlow, edges: retentionFlow.edges.filter((edge) => edge.id !== 'e-wait-goal') };
    const saved = await api('PUT', `/${id}/draft`, { definition: halfDone });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(1);
    expect(saved.body.structuralProblems).toEqual(
      expect.arrayContaining([expect.objectContaining({ nodeId: 'wait-3-days', code: 'UNCONNECTED_OUTPUT' }), expect.objectContaining({ nodeId: 'goal-purchase', code: 'UNREACHABLE_NODE' })]),
    );
    expect((await api('POST', `/${id}/validate`)).body.valid).toBe(false);

    const complete = await api('PUT', `/${id}/draft`, { definition: retentionFlow });
    expect(complete.body.structuralProblems).toEqual([]);
    const validation = await api('POST', `/${id}/validate`);
    expect(validation.status).toBe(200);
    expect(validation.body).toEqual({ version: 1, state: 'draft', checksum: complete.body.checksum, valid: true, problems: [] });

    // publishing something other than what was reviewed is refused
    const stale = await api('POST', `/${id}/publish`, { expectedDraftChecksum: 'a'.repeat(64) });
    expect(stale.status).toBe(409);
    const first = await api('POST', `/${id}/publish`, { expectedDraftChecksum: complete.body.checksum });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'active', version: 1, previousVersion: null, changes: { firstVersion: true } });
    expect(first.body.changes.nodesAdded).toHaveLength(retentionFlow.nodes.length);
    const flow = (await api('GET', `/${id}`, undefined, analyst)).body;
    expect(flow).toMatchObject({ status: 'active', currentVersion: 1, draftVersion: null, hasDraft: false, draft: null, published: { version: 1, readOnly: true } });
    expect(flow.published.definition).toEqual(retentionFlow);

    // a new draft is version 2; version 1 stays as published
    const changed = structuredClone(retentionFlow);
    const risk = changed.nodes.find((node) => node.id === 'risk')!;
    if (risk.type !== 'riskThreshold') throw new Error('the example flow changed');
    risk.data.threshold = 0.7;
    const second = await api('PUT', `/${id}/draft`, { definition: changed });
    expect(second.body).toMatchObject({ version: 2, state: 'draft' });
    const v1 = await t.prisma.flowVersion.findUniqueOrThrow({ where: { flowId_version: { flowId: id, version: 1 } } });
    await expect(t.app.get(FlowVersionsRepository).updateDraft(t.prisma as never, v1, changed, null)).rejects.toThrow(DomainError);
    await expect(t.prisma.$executeRaw`UPDATE flow_versions SET definition = '{}' WHERE id = ${v1.id}`).rejects.toThrow(/published and cannot be changed/);
    await expect(t.prisma.$executeRaw`DELETE FROM flow_versions WHERE id = ${v1.id}`).rejects.toThrow(/published and cannot be changed/);
    expect((await api('GET', `/${id}/versions/1`, undefined, analyst)).body).toMatchObject({ version: 1, state: 'published', current: true, definition: retentionFlow });
    expect((await api('GET', `/${id}/versions/2`, undefined, analyst)).body).toMatchObject({ version: 2, state: 'draft', current: false });

    const republished = await api('POST', `/${id}/publish`);
    expect(republished.body).toMatchObject({ version: 2, previousVersion: 1, changes: { firstVersion: false, nodesAdded: [], nodesRemoved: [], edgesAdded: [], edgesRemoved: [] } });
    expect(republished.body.changes.nodesChanged).toEqual([{ id: 'risk', type: 'riskThreshold', label: 'Churn risk ≥ 0.6', fields: ['threshold'] }]);
    expect((await api('GET', `/${id}/versions`, undefined, analyst)).body.items.map((v: { version: number; state: string }) => [v.version, v.state])).toEqual([
      [2, 'published'],
      [1, 'published'],
    ]);
    expect((await api('GET', `/${id}/versions/1`)).body.definition).toEqual(retentionFlow);
    expect((await api('POST', `/${id}/publish`)).status).toBe(409); // no draft left

    expect((await api('POST', `/${id}/resume`)).status).toBe(409);
    expect((await api('POST', `/${id}/pause`)).body.status).toBe('paused');
    expect((await api('POST', `/${id}/pause`)).status).toBe(409);
    expect((await api('POST', `/${id}/resume`)).body.status).toBe('active');

    const listed = (await api('GET', '', undefined, analyst)).body.items.find((item: { id: number }) => item.id === id);
    expect(listed).toMatchObject({ name: 'Win back', status: 'active', currentVersion: 2, hasDraft: false, updatedBy: { id: Number(marketerId) } });

    const archived = await api('DELETE', `/${id}`);
    expect(archived.status).toBe(200);
    expect(archived.body.status).toBe('archived');
    for (const [method, path, body] of [['PUT', `/${id}/draft`, { definition: retentionFlow }], ['POST', `/${id}/publish`, {}], ['POST', `/${id}/pause`, {}], ['DELETE', `/${id}`, undefined]] as const) {
      const refused = await api(method, path, body);
      expect(refused.status).toBe(409);
      expect(refused.body.message).toMatch(/archived/);
    }
    expect((await api('GET', `/${id}`)).status).toBe(200);
    expect((await api('GET', '')).body.items.some((item: { id: number }) => item.id === id)).toBe(false);
    expect((await api('GET', '?status=archived')).body.items.map((item: { id: number }) => item.id)).toContain(id);

    const audit = await auditOf(id);
    expect(audit.map((row) => row.action)).toEqual([
      'flow.created',
      'flow.draftSaved',
      'flow.draftSaved',
      'flow.published',
      'flow.draftSaved',
      'flow.published',
      'flow.paused',
      'flow.resumed',
      'flow.archived',
    ]);
    expect(audit.every((row) => row.actorType === 'user' && row.actorId === marketerId)).toBe(true);
    expect(audit[3].details).toMatchObject({ version: 1, previousVersion: null });
  });

  it('answers 400 listing every problem of flow JSON of the wrong shape', async () => {
    const invalid = {
      schemaVersion: 2,
      nodes: [
        { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { source: { kind: 'manual' }, reEntry: { policy: 'never' } } },
        { id: 'mystery', type: 'teleport', position: { x: 0, y: 0 }, data: {} },
        { id: 'mail', type: 'email', position: { x: 0, y: 0 }, data: { content: { source: 'inline', subject: '', body: 'Hi' }, from: { email: 'not an address' } } },
      ],
      edges: [{ id: 'e1', source: 'start' }],
    };
    const created = await api('POST', '', { name: '', definition: invalid });
    expect(created.status).toBe(400);
    expect(created.body.code).toBe('VALIDATION_FAILED');
    const details = created.body.details as Array<{ code?: string; nodeId?: string; edgeId?: string; path?: string; message: string }>;
    expect(details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'name' }),
        expect.objectContaining({ code: 'SCHEMA_VERSION' }),
        expect.objectContaining({ code: 'UNKNOWN_NODE_TYPE', nodeId: 'mystery' }),
        expect.objectContaining({ code: 'INVALID_EDGE', edgeId: 'e1' }),
      ]),
    );
    expect(details.filter((d) => d.code === 'INVALID_NODE_DATA' && d.nodeId === 'mail')).toHaveLength(2); // subject and sender
    expect(await t.prisma.flow.count({ where: { name: '' } })).toBe(0);

    const flow = await api('POST', '', { name: 'Shape checks' });
    const draft = await api('PUT', `/${flow.body.id}/draft`, { definition: invalid });
    expect(draft.status).toBe(400);
    expect(codes(draft.body.details)).toEqual(['INVALID_EDGE', 'INVALID_NODE_DATA', 'INVALID_NODE_DATA', 'SCHEMA_VERSION', 'UNKNOWN_NODE_TYPE']);
    expect((await api('PUT', `/${flow.body.id}/draft`, { definition: 'nodes' })).body.details).toEqual([expect.objectContaining({ code: 'INVALID_FLOW' })]);
    expect((await api('PUT', `/${flow.body.id}/draft`, {})).status).toBe(400);
  });

  it('refuses to publish an invalid draft, listing every problem, unknown segments and models with their node', async () => {
    const broken = structuredClone(retentionFlow);
    for (const node of broken.nodes) {
      if (node.type === 'trigger' && node.data.source.kind === 'segment-entered') node.data.source.segmentId = '987654';
      if (node.type === 'riskThreshold') Object.assign(node.data, { modelId: '424242', threshold: 1.5 });
      if (node.type === 'abSplit') node.data.variants[1].weight = 40;
    }
    broken.edges = broken.edges.filter((edge) => edge.id !== 'e-wait-goal');
    const created = await api('POST', '', { name: 'Broken flow', definition: broken });
    expect(created.status).toBe(201);
    const id = created.body.id as number;

    const validation = await api('POST', `/${id}/validate`, undefined, analyst);
    expect(validation.body.valid).toBe(false);
    expect(validation.body.problems).toEqual(
      expect.arrayContaining([
        { nodeId: 'trigger', code: 'UNKNOWN_SEGMENT', message: expect.stringContaining('987654') },
        expect.objectContaining({ nodeId: 'risk', code: 'UNKNOWN_MODEL' }),
        expect.objectContaining({ nodeId: 'risk', code: 'THRESHOLD_RANGE' }),
        expect.objectContaining({ nodeId: 'split', code: 'AB_WEIGHTS' }),
        expect.objectContaining({ nodeId: 'wait-3-days', code: 'UNCONNECTED_OUTPUT' }),
        expect.objectContaining({ nodeId: 'goal-purchase', code: 'UNREACHABLE_NODE' }),
      ]),
    );

    const refused = await api('POST', `/${id}/publish`);
    expect(refused.status).toBe(400);
    expect(refused.body.details).toEqual(validation.body.problems);
    expect(refused.body.message).toContain(`${validation.body.problems.length} problems`);
    expect((await api('GET', `/${id}`)).body).toMatchObject({ status: 'draft', currentVersion: null, draftVersion: 1 });
    expect((await auditOf(id)).map((row) => row.action)).toEqual(['flow.created']);

    // an archived segment no longer counts
    await t.prisma.segment.update({ where: { id: atRiskSegmentId }, data: { archivedAt: new Date() } });
    const other = await api('POST', '', { name: 'Archived segment', definition: retentionFlow });
    expect((await api('POST', `/${other.body.id}/validate`)).body.problems).toEqual([expect.objectContaining({ nodeId: 'trigger', code: 'UNKNOWN_SEGMENT' })]);
    await t.prisma.segment.update({ where: { id: atRiskSegmentId }, data: { archivedAt: null } });

    expect((await api('POST', '', { name: 'Broken flow' })).status).toBe(409);
  });

  it('exports a flow and imports it back as a new flow with an identical definition', async () => {
    const source = await api('POST', '', { name: 'Round trip', description: 'exported', definition: retentionFlow });
    const exported = await api('GET', `/${source.body.id}/export`, undefined, analyst);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toBe('attachment; filename="round-trip.retain-flow.json"');
    expect(exported.body).toEqual({ format: 'retain-flow', formatVersion: 1, name: 'Round trip', description: 'exported', definition: retentionFlow });

    const imported = await api('POST', '/import', exported.body);
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ name: 'Round trip (2)', description: 'exported', status: 'draft', draftVersion: 1, structuralProblems: [] });
    expect(imported.body.draft.definition).toEqual(exported.body.definition);
    expect(imported.body.draft.checksum).toBe(source.body.draft.checksum);
    expect((await api('POST', '/import', exported.body)).body.name).toBe('Round trip (3)');
    expect((await auditOf(imported.body.id)).map((row) => [row.action, row.actorId])).toEqual([['flow.imported', marketerId]]);

    const bad = await api('POST', '/import', { format: 'zapier', formatVersion: 1, name: 'x', definition: { schemaVersion: 1, nodes: [{ id: 'n', type: 'nope' }], edges: [] } });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'format' }), expect.objectContaining({ code: 'UNKNOWN_NODE_TYPE', nodeId: 'n' })]));
  });

  it('lets analysts and read keys read but not write, and answers 404 for unknown flows and versions', async () => {
    const flow = await api('POST', '', { name: 'Access checks' });
    const id = flow.body.id as number;
    for (const [method, path, body] of [
      ['POST', '', { name: 'nope' }],
      ['PUT', `/${id}/draft`, { definition: retentionFlow }],
      ['POST', `/${id}/publish`, {}],
      ['POST', `/${id}/pause`, {}],
      ['DELETE', `/${id}`, undefined],
      ['POST', '/import', {}],
    ] as const) {
      expect((await api(method, path, body, analyst)).status).toBe(403);
    }
    const readKey = await t.apiKey(['read']);
    expect((await api('GET', '', undefined, readKey)).status).toBe(200);
    expect((await api('GET', `/${id}/versions`, undefined, readKey)).status).toBe(200);
    expect((await api('PUT', `/${id}/draft`, { definition: retentionFlow }, readKey)).status).toBe(403);

    for (const [method, path] of [
      ['GET', '/999999'],
      ['PUT', '/999999/draft'],
      ['POST', '/999999/publish'],
      ['POST', '/999999/pause'],
      ['DELETE', '/999999'],
      ['GET', '/999999/versions'],
      ['GET', '/999999/export'],
      ['GET', `/${id}/versions/9`],
    ] as const) {
      const response = await api(method, path, method === 'PUT' ? { definition: retentionFlow } : undefined);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
    }
    expect((await api('GET', '/abc')).status).toBe(400);
  });

  it('documents the routes in the OpenAPI document', async () => {
    const doc = (await t.request('GET', '/api/docs-json')).body;
    expect(doc.paths['/api/flows/{id}/draft'].put.tags).toEqual(['flows']);
    const body = doc.paths['/api/flows/{id}/draft'].put.requestBody.content['application/json'].schema;
    expect(body.properties.definition.properties.nodes.type).toBe('array');
    expect(Object.keys(doc.paths).filter((path) => path.startsWith('/api/flows')).sort()).toEqual([
      '/api/flows',
      '/api/flows/import',
      '/api/flows/{id}',
      '/api/flows/{id}/draft',
      '/api/flows/{id}/enrollments',
      '/api/flows/{id}/experiments',
      '/api/flows/{id}/experiments/{nodeId}/promote',
      '/api/flows/{id}/export',
      '/api/flows/{id}/lift',
      '/api/flows/{id}/live',
      '/api/flows/{id}/pause',
      '/api/flows/{id}/publish',
      '/api/flows/{id}/resume',
      '/api/flows/{id}/simulate',
      '/api/flows/{id}/validate',
      '/api/flows/{id}/versions',
      '/api/flows/{id}/versions/{version}',
    ]);
  });
});
