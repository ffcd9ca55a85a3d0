import type { FlowProblem } from '@retain/rules';
import { DomainError, type ProblemDetail } from '../../common/errors/domain-error';

/** 400 listing every problem of a flow (with node and edge ids, so the builder can place badges). */
export function flowProblemsError(summary: string, problems: Array<FlowProblem | ProblemDetail>): DomainError {
  const first = problems[0]?.message;
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return new DomainError('VALIDATION_FAILED', `${summary} (${count})${first ? `: ${first}` : '.'}`, problems);
}

export const flowNotFound = (id: number) => new DomainError('NOT_FOUND', `Flow ${id} does not exist.`);

export const flowArchived = (name: string) => new DomainError('CONFLICT', `The flow “${name}” is archived and can no longer be changed.`);

export const flowNameTaken = (name: string) => new DomainError('CONFLICT', `A flow named “${name}” already exists; choose another name.`);

export const publishedVersionImmutable = (version: number) =>
  new DomainError('CONFLICT', `Version ${version} is published and cannot be changed; save a draft and publish it as a new version.`);
