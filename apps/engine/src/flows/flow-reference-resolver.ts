// Answers validateFlow's "does this exist?" from the database. The mapping from the ids a flow
// holds to rows is pure (createFlowReferenceResolver) so it is unit-tested without PostgreSQL:
//  - segments: the decimal id of a segment that is not archived (the id `inSegment` uses too);
//  - models: a model kind ("churn") means "an active version of that kind exists"; a decimal id
//    names one model version, which must be active or retired (it has produced scores);
//  - templates: the decimal id of a saved email template (apps/engine/src/templates).
// Liquid in email content and webhook bodies is checked here too (liquidProblemsOfFlow), with the
// line and column of the first error, so a flow with a broken template cannot be published.
import { Injectable } from '@nestjs/common';
import type { FlowProblem, FlowReferenceResolver } from '@retain/rules';
import { PrismaService } from '../database/prisma.service';
import { checkLiquid } from '../templates/liquid';

export interface ReferenceLookups {
  activeSegmentExists(segmentId: number): Promise<boolean>;
  activeModelOfKindExists(kind: string): Promise<boolean>;
  usableModelVersionExists(modelVersionId: number): Promise<boolean>;
  templateExists(templateId: number): Promise<boolean>;
}

/** Model kinds a flow may name instead of a version id. */
export const MODEL_KINDS: readonly string[] = ['churn'];

export const PICK_A_TEMPLATE = 'Pick a saved email template, or write the subject and body in the email step.';

const MAX_INT4 = 2_147_483_647;

/** A positive 32-bit integer written in decimal, or undefined (anything else can match no row). */
export function databaseId(text: string): number | undefined {
  if (!/^[1-9]\d{0,9}$/.test(text)) return undefined;
  const id = Number(text);
  return id <= MAX_INT4 ? id : undefined;
}

export function createFlowReferenceResolver(lookups: ReferenceLookups): FlowReferenceResolver {
  return {
    async segmentExists(segmentId) {
      const id = databaseId(segmentId);
      return id !== undefined && lookups.activeSegmentExists(id);
    },
    async modelExists(modelId) {
      if (MODEL_KINDS.includes(modelId)) return lookups.activeModelOfKindExists(modelId);
      const id = databaseId(modelId);
      return id !== undefined && lookups.usableModelVersionExists(id);
    },
    async templateExists(templateId) {
      const id = databaseId(templateId);
      return id !== undefined && lookups.templateExists(id);
    },
  };
}

/** Adds what to do about a missing template to the library's sentence. */
export function explainReferenceProblems(problems: FlowProblem[]): FlowProblem[] {
  return problems.map((problem) => (problem.code === 'UNKNOWN_TEMPLATE' ? { ...problem, message: `${problem.message} ${PICK_A_TEMPLATE}` } : problem));
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Liquid syntax errors in email subjects and bodies and in webhook body templates, one problem per
 * field, naming the line and column. Reads any JSON: shape problems are validateFlow's to report.
 */
export function liquidProblemsOfFlow(definition: unknown): FlowProblem[] {
  const nodes = isRecord(definition) && Array.isArray(definition.nodes) ? definition.nodes : [];
  const problems: FlowProblem[] = [];
  for (const node of nodes) {
    if (!isRecord(node) || typeof node.id !== 'string' || !isRecord(node.data)) continue;
    const fields: [string, unknown][] = [];
    if (node.type === 'email' && isRecord(node.data.content)) fields.push(['email subject', node.data.content.subject], ['email body', node.data.content.body]);
    if (node.type === 'webhook') fields.push(['webhook body', node.data.bodyTemplate]);
    for (const [what, source] of fields) {
      if (typeof source !== 'string') continue;
      const problem = checkLiquid(source);
      if (problem) problems.push({ nodeId: node.id, code: 'INVALID_NODE_DATA', message: `The ${what} has a Liquid error: ${problem.message}.` });
    }
  }
  return problems;
}

@Injectable()
export class DatabaseReferenceLookups implements ReferenceLookups {
  constructor(private readonly prisma: PrismaService) {}

  async activeSegmentExists(segmentId: number): Promise<boolean> {
    return (await this.prisma.segment.count({ where: { id: segmentId, archivedAt: null } })) > 0;
  }

  async activeModelOfKindExists(kind: string): Promise<boolean> {
    return (await this.prisma.modelVersion.count({ where: { kind, status: 'active' } })) > 0;
  }

  async usableModelVersionExists(modelVersionId: number): Promise<boolean> {
    return (await this.prisma.modelVersion.count({ where: { id: modelVersionId, status: { in: ['active', 'retired'] } } })) > 0;
  }

  async templateExists(templateId: number): Promise<boolean> {
    return (await this.prisma.emailTemplate.count({ where: { id: templateId } })) > 0;
  }

  resolver(): FlowReferenceResolver {
    return createFlowReferenceResolver(this);
  }
}
