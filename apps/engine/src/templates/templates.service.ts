// Saved email templates: Liquid subject and HTML body, checked when saved (the error names the
// line and column), audited like flows, and previewed for a real customer.
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { DomainError, notFound, type ProblemDetail } from '../common/errors/domain-error';
import { parseInput } from '../common/validation/parse';
import { PrismaService } from '../database/prisma.service';
import type { EmailTemplate, Prisma } from '../generated/prisma/client';
import { checkLiquid, LiquidTemplateError, renderLiquid } from './liquid';
import { offerVariable, TemplateVariablesService, type OfferVariable } from './template-variables.service';
import { previewBody, saveTemplateBody, type SaveTemplateInput } from './templates.schemas';

const userIdOf = (principal: Principal | undefined): number | null => (principal?.kind === 'user' ? principal.userId : null);

/** Stands in for `offer` in a preview when the customer has no offer yet, so the layout shows. */
export const SAMPLE_OFFER: OfferVariable = { code: 'SAMPLE-CODE', kind: 'percent', value: 15, currency: null, expiresAt: '2030-01-01T00:00:00.000Z', expiresOn: '2030-01-01', description: '15 % off' };

/** Every Liquid problem of a subject and body, as problem details (path, line, column). */
export function liquidProblems(fields: Record<string, string | undefined>): ProblemDetail[] {
  const problems: ProblemDetail[] = [];
  for (const [field, source] of Object.entries(fields)) {
    if (source === undefined) continue;
    const problem = checkLiquid(source);
    if (problem) problems.push({ path: field, line: problem.line, column: problem.column === undefined ? undefined : String(problem.column), message: `${field}: ${problem.message}` });
  }
  return problems;
}

function assertValidLiquid(input: SaveTemplateInput): void {
  const problems = liquidProblems({ subject: input.subject, body: input.body });
  if (problems.length) throw new DomainError('VALIDATION_FAILED', `The template has a Liquid error in the ${problems[0].message}`, problems);
}

@Injectable()
export class TemplatesService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
    private readonly variables: TemplateVariablesService,
  ) {}

  list() {
    return this.prisma.emailTemplate.findMany({ orderBy: { name: 'asc' } });
  }

  async get(id: number): Promise<EmailTemplate> {
    const template = await this.prisma.emailTemplate.findUnique({ where: { id } });
    if (!template) throw notFound('Email template', id);
    return template;
  }

  async create(principal: Principal | undefined, body: unknown): Promise<EmailTemplate> {
    const input = parseInput(saveTemplateBody, body, 'template');
    assertValidLiquid(input);
    const userId = userIdOf(principal);
    return this.write(input.name, (tx) =>
      tx.emailTemplate.create({ data: { ...input, createdById: userId, updatedById: userId } }).then(async (template) => {
        await this.audit.record(principal, { action: 'template.created', targetType: 'email_template', targetId: template.id, details: { name: template.name } }, tx);
        return template;
      }),
    );
  }

  async update(principal: Principal | undefined, id: number, body: unknown): Promise<EmailTemplate> {
    const input = parseInput(saveTemplateBody, body, 'template');
    assertValidLiquid(input);
    await this.get(id);
    return this.write(input.name, async (tx) => {
      const template = await tx.emailTemplate.update({ where: { id }, data: { ...input, updatedById: userIdOf(principal), updatedAt: new Date() } });
      await this.audit.record(principal, { action: 'template.updated', targetType: 'email_template', targetId: id, details: { name: template.name } }, tx);
      return template;
    });
  }

  /** Refused while a flow that is not archived (its draft or published version) uses the template. */
  async remove(principal: Principal | undefined, id: number): Promise<{ deleted: true }> {
    const template = await this.get(id);
    const users = await this.flowsUsing(id);
    if (users.length) throw new DomainError('CONFLICT', `Email template "${template.name}" is used by ${users.map((u) => `"${u}"`).join(', ')}; change those flows first.`);
    await this.prisma.$transaction(async (tx) => {
      await tx.emailTemplate.delete({ where: { id } });
      await this.audit.record(principal, { action: 'template.deleted', targetType: 'email_template', targetId: id, details: { name: template.name } }, tx);
    });
    return { deleted: true };
  }

  /** The subject and HTML body rendered for a real customer (the builder's live preview). */
  async preview(body: unknown): Promise<{ subject: string; html: string; customerId: number; sampleOffer: boolean }> {
    const input = parseInput(previewBody, body, 'preview');
    const source = 'templateId' in input ? await this.get(Number(input.templateId)) : input;
    const loaded = await this.variables.forCustomer(input.customerId);
    if (!loaded) throw notFound('Customer', input.customerId);
    const variables = loaded.variables;
    const latest = await this.prisma.offer.findFirst({ where: { customerId: input.customerId }, orderBy: { issuedAt: 'desc' } });
    const sampleOffer = !latest;
    variables.offer = latest ? offerVariable({ code: latest.code, kind: latest.kind, value: latest.value, currency: latest.currency, expires_at: latest.expiresAt }) : SAMPLE_OFFER;
    const vars = variables as unknown as Record<string, unknown>;
    try {
      const subject = await renderLiquid(source.subject, vars, 'text').catch(rethrowIn('subject'));
      const html = await renderLiquid(source.body, vars, 'html').catch(rethrowIn('body'));
      return { subject: subject.replace(/\s+/g, ' ').trim(), html, customerId: input.customerId, sampleOffer };
    } catch (error) {
      if (!(error instanceof FieldLiquidError)) throw error;
      const { line, column, message } = error.cause.problem;
      throw new DomainError('VALIDATION_FAILED', `The ${error.field} cannot be rendered: ${message}`, [{ path: error.field, line, column: column === undefined ? undefined : String(column), message: `${error.field}: ${message}` }]);
    }
  }

  private async flowsUsing(templateId: number): Promise<string[]> {
    const needle = JSON.stringify([{ type: 'email', data: { content: { source: 'template', templateId: String(templateId) } } }]);
    const { rows } = await this.prisma.pool.query<{ name: string }>(
      `SELECT DISTINCT f.name FROM flows f JOIN flow_versions v ON v.flow_id = f.id
        WHERE f.status <> 'archived' AND (v.state = 'draft' OR v.id = f.current_version_id) AND v.definition->'nodes' @> $1::jsonb
        ORDER BY f.name`,
      [needle],
    );
    return rows.map((r) => r.name);
  }

  private async write(name: string, work: (tx: Prisma.TransactionClient) => Promise<EmailTemplate>): Promise<EmailTemplate> {
    try {
      return await this.prisma.$transaction(work);
    } catch (error) {
      if ((error as { code?: string }).code === 'P2002') throw new DomainError('CONFLICT', `An email template named "${name}" already exists.`);
      throw error;
    }
  }
}

class FieldLiquidError extends Error {
  constructor(
    readonly field: string,
    override readonly cause: LiquidTemplateError,
  ) {
    super(cause.message);
  }
}

function rethrowIn(field: string) {
  return (error: unknown): never => {
    if (error instanceof LiquidTemplateError) throw new FieldLiquidError(field, error);
    throw error;
  };
}
