import { exampleRetentionFlow, type FlowDefinition } from '@retain/rules';
import { startTestApp, type TestApp } from '../testing/test-app';

describe('email templates API', () => {
  let t: TestApp;
  let marketer: string;
  let analyst: string;

  beforeAll(async () => {
    t = await startTestApp();
    marketer = await t.tokenFor('marketer');
    analyst = await t.tokenFor('analyst');
  });
  afterAll(() => t.close());

  const save = (body: unknown, id?: number) => t.request(id ? 'PUT' : 'POST', id ? `/api/templates/${id}` : '/api/templates', { auth: marketer, body });

  it('creates, lists, reads, updates and deletes a template, each change audited', async () => {
    const created = await save({ name: 'Win-back', subject: 'We miss you, {{ customer.firstName }}', body: '<p>Hi {{ customer.name }}</p>' });
    expect(created.status).toBe(201);
    const id = created.body.id as number;
    expect((await t.request('GET', '/api/templates', { auth: analyst })).body).toEqual([expect.objectContaining({ id, name: 'Win-back' })]);
    expect((await t.request('GET', `/api/templates/${id}`, { auth: analyst })).body).toMatchObject({ subject: 'We miss you, {{ customer.firstName }}' });
    const updated = await save({ name: 'Win-back', subject: 'Come back', body: '<p>Bye</p>' }, id);
    expect(updated).toMatchObject({ status: 200, body: { subject: 'Come back' } });
    expect((await t.request('DELETE', `/api/templates/${id}`, { auth: marketer })).status).toBe(200);
    expect((await t.request('GET', `/api/templates/${id}`, { auth: analyst })).status).toBe(404);
    const audit = await t.prisma.auditLog.findMany({ where: { targetType: 'email_template', targetId: String(id) }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['template.created', 'template.updated', 'template.deleted']);
  });

  it('refuses a Liquid syntax error with its line and column, a taken name, and analysts', async () => {
    const broken = await save({ name: 'Broken', subject: 'Hi', body: '<p>Hello</p>\n<p>{% if customer.name %}Hi</p>' });
    expect(broken.status).toBe(400);
    expect(broken.body.message).toBe('The template has a Liquid error in the body: tag {% if customer.name %} not closed (line 2, column 4)');
    expect(broken.body.details).toEqual([{ path: 'body', line: 2, column: '4', message: 'body: tag {% if customer.name %} not closed (line 2, column 4)' }]);
    const filter = await save({ name: 'Broken', subject: '{{ customer.name | shout }}', body: 'x' });
    expect(filter).toMatchObject({ status: 400, body: { details: [{ path: 'subject', line: 1, column: '1' }] } });

    expect((await save({ name: 'Taken', subject: 'a', body: 'b' })).status).toBe(201);
    expect(await save({ name: 'Taken', subject: 'a', body: 'b' })).toMatchObject({ status: 409, body: { message: 'An email template named "Taken" already exists.' } });
    expect((await t.request('POST', '/api/templates', { auth: analyst, body: { name: 'x', subject: 'a', body: 'b' } })).status).toBe(403);
    expect((await save({ name: '', subject: 'a' })).status).toBe(400);
  });

  it('previews inline content or a saved template for a real customer, with their segments, score and latest offer', async () => {
    const customer = await t.prisma.customer.create({ data: { name: 'Ada Lovelace', email: 'ada@example.com', country: 'UK', attributes: { plan: 'gold' } } });
    const segmentName = `At Risk ${Date.now()}`;
    const segment = await t.prisma.segment.create({ data: { name: segmentName, kind: 'manual' } });
    await t.prisma.segmentMembership.create({ data: { segmentId: segment.id, customerId: customer.id } });
    const body = '<p>{{ customer.firstName }} ({{ customer.attributes.plan }}) in {{ segments | join: ", " }}: {{ offer.code }}</p>';
    const inline = await t.request('POST', '/api/templates/preview', { auth: analyst, body: { customerId: customer.id, subject: 'For {{ customer.name | upcase }}', body } });
    expect(inline).toMatchObject({ status: 200, body: { subject: 'For ADA LOVELACE', html: `<p>Ada (gold) in ${segmentName}: SAMPLE-CODE</p>`, sampleOffer: true } });

    await t.prisma.offer.create({
      data: { code: 'BACK-1234567890', enrollmentId: 1n, nodeId: 'o', customerId: customer.id, flowId: 1, flowVersionId: 1, kind: 'percent', value: 15, issuedAt: new Date(), expiresAt: new Date(Date.now() + 86_400_000) },
    });
    const saved = await save({ name: 'Preview me', subject: '{{ offer.description }}', body });
    const viaTemplate = await t.request('POST', '/api/templates/preview', { auth: analyst, body: { customerId: customer.id, templateId: saved.body.id } });
    expect(viaTemplate).toMatchObject({ status: 200, body: { subject: '15 % off', html: `<p>Ada (gold) in ${segmentName}: BACK-1234567890</p>`, sampleOffer: false } });

    expect((await t.request('POST', '/api/templates/preview', { auth: analyst, body: { customerId: 99_999_999, subject: 'a', body: 'b' } })).status).toBe(404);
    const bad = await t.request('POST', '/api/templates/preview', { auth: analyst, body: { customerId: customer.id, subject: 'a', body: '\n\n{{ x | nope }}' } });
    expect(bad).toMatchObject({ status: 400, body: { details: [{ path: 'body', line: 3, column: '1' }] } });
  });

  it('makes flow validation report missing templates and Liquid errors of inline content; a used template cannot be deleted', async () => {
    const template = await save({ name: 'Used', subject: 'Hi', body: '<p>Hi</p>' });
    const definition: FlowDefinition = structuredClone(exampleRetentionFlow);
    const segment = await t.prisma.segment.create({ data: { name: `Flow segment ${Date.now()}`, kind: 'manual' } });
    definition.nodes[0] = { ...definition.nodes[0], data: { label: 'Entered', source: { kind: 'segment-entered', segmentId: String(segment.id) }, reEntry: { policy: 'never' } } } as FlowDefinition['nodes'][number];
    const email = definition.nodes.find((n) => n.id === 'email-miss-you')!;
    if (email.type !== 'email') throw new Error('fixture changed');
    email.data.content = { source: 'template', templateId: String(template.body.id) };
    const flow = await t.request('POST', '/api/flows', { auth: marketer, body: { name: 'Uses a template', definition } });
    expect(flow.status).toBe(201);
    const problemsOf = async () => (await t.request('POST', `/api/flows/${flow.body.id}/validate`, { auth: marketer })).body.problems as { nodeId: string; code: string; message: string }[];
    expect((await problemsOf()).filter((p) => p.code === 'UNKNOWN_TEMPLATE' || p.code === 'INVALID_NODE_DATA')).toEqual([]);

    const refused = await t.request('DELETE', `/api/templates/${template.body.id}`, { auth: marketer });
    expect(refused).toMatchObject({ status: 409, body: { message: 'Email template "Used" is used by "Uses a template"; change those flows first.' } });

    email.data.content = { source: 'template', templateId: '424242' };
    const other = definition.nodes.find((n) => n.type === 'email' && n.id !== 'email-miss-you');
    if (other?.type !== 'email') throw new Error('fixture changed: a second email node is expected');
    other.data.content = { source: 'inline', subject: 'Hi', body: '<p>{{ customer.name </p>' };
    expect((await t.request('PUT', `/api/flows/${flow.body.id}/draft`, { auth: marketer, body: { definition } })).status).toBe(200);
    const problems = await problemsOf();
    expect(problems).toEqual(
      expect.arrayContaining([
        { nodeId: 'email-miss-you', code: 'UNKNOWN_TEMPLATE', message: expect.stringContaining('Pick a saved email template') },
        { nodeId: other.id, code: 'INVALID_NODE_DATA', message: expect.stringMatching(/^The email body has a Liquid error: .*\(line 1, column 4\)\.$/) },
      ]),
    );
    expect((await t.request('POST', `/api/flows/${flow.body.id}/publish`, { auth: marketer, body: {} })).status).toBe(400);
  });
});
