// Answers validateFlow's "does this exist?" from the database. The mapping from the ids a flow
// holds to rows is pure (createFlowReferenceResolver) so it is unit-tested without PostgreSQL:
//  - segments: the decimal id of a segment that is not archived (the id `inSegment` uses too);
//  - models: a model kind ("churn") means "an active version of that kind exists"; a decimal id
//    names one model version, which must be active or retired (it has produced scores);
//  - templates: there is no template store yet, so inline email content is the only kind and a
//    template id never resolves; the problem says so.
import { Injectable } from '@nestjs/common';
import type { FlowProblem, FlowReferenceResolver } from '@retain/rules';
import { PrismaService } from '../database/prisma.service';

export interface ReferenceLookups {
  activeSegmentExists(segmentId: number): Promise<boolean>;
  activeModelOfKindExists(kind: string): Promise<boolean>;
  usableModelVersionExists(modelVersionId: number): Promise<boolean>;
}

/** Model kinds a flow may name instead of a version id. */
export const MODEL_KINDS: readonly string[] = ['churn'];

export const TEMPLATES_NOT_AVAILABLE = 'Saved email templates are not available yet: write the subject and body in the email step instead.';

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
    templateExists: () => false,
  };
}

/** Adds why a template cannot be found (there is no template store yet) to the library's sentence. */
export function explainReferenceProblems(problems: FlowProblem[]): FlowProblem[] {
  return problems.map((problem) => (problem.code === 'UNKNOWN_TEMPLATE' ? { ...problem, message: `${problem.message} ${TEMPLATES_NOT_AVAILABLE}` } : problem));
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

  resolver(): FlowReferenceResolver {
    return createFlowReferenceResolver(this);
  }
}
