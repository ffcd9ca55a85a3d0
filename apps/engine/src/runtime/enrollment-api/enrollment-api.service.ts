import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error';
import { PrismaService } from '../../database/prisma.service';
import { enrollInChunks, FLOW_ENROLLER, type EnrollSkipReason, type FlowEnroller } from '../triggers/flow-enroller';
import { parseEnrollBody } from './enrollment-api.schemas';

/** Skipped customers listed one by one in the answer; the counts cover all of them. */
const LISTED_SKIPS = 100;
/** Unknown ids named in the error message (all of them are in its details). */
const NAMED_UNKNOWN = 10;

export interface ManualEnrollmentResult {
  flowId: number;
  flowVersion: number;
  requested: number;
  enrolled: number;
  skipped: {
    total: number;
    byReason: Partial<Record<EnrollSkipReason, number>>;
    /** The first skipped customers with why (at most 100). */
    customers: { customerId: number; reason: EnrollSkipReason }[];
  };
}

/**
 * Manual and API enrollment: names customers (ids, external ids or a segment), checks that the
 * flow is running and every named customer exists, and enrolls them into the flow's current
 * published version (the runtime applies the re-entry policy).
 */
@Injectable()
export class EnrollmentApiService {
  constructor(
    private readonly prisma: PrismaService,
    @Inject(FLOW_ENROLLER) private readonly enroller: FlowEnroller,
  ) {}

  async enroll(flowId: number, body: unknown): Promise<ManualEnrollmentResult> {
    const input = parseEnrollBody(body);
    const flow = await this.runningFlow(flowId);
    let customerIds: number[];
    if ('customerIds' in input) customerIds = await this.knownCustomerIds([...new Set(input.customerIds)]);
    else if ('externalIds' in input) customerIds = await this.customerIdsOf([...new Set(input.externalIds)]);
    else customerIds = await this.segmentMembers(input.segmentId);

    const result = await enrollInChunks(this.enroller, { flowId, customerIds, source: 'manual' });
    const byReason: Partial<Record<EnrollSkipReason, number>> = {};
    for (const skip of result.skipped) byReason[skip.reason] = (byReason[skip.reason] ?? 0) + 1;
    return {
      flowId,
      flowVersion: flow.version,
      requested: customerIds.length,
      enrolled: result.enrolled,
      skipped: { total: result.skipped.length, byReason, customers: result.skipped.slice(0, LISTED_SKIPS) },
    };
  }

  private async runningFlow(flowId: number): Promise<{ name: string; version: number }> {
    const { rows } = await this.prisma.pool.query<{ name: string; status: string; version: number | null }>(
      'SELECT f.name, f.status, v.version FROM flows f LEFT JOIN flow_versions v ON v.id = f.current_version_id WHERE f.id = $1',
      [flowId],
    );
    if (!rows.length) throw new DomainError('NOT_FOUND', `Flow ${flowId} does not exist.`);
    const flow = rows[0];
    if (flow.status === 'draft' || flow.version === null) throw new DomainError('CONFLICT', `The flow “${flow.name}” is a draft: publish it before enrolling customers.`);
    if (flow.status === 'paused') throw new DomainError('CONFLICT', `The flow “${flow.name}” is paused: resume it before enrolling customers.`);
    if (flow.status !== 'active') throw new DomainError('CONFLICT', `The flow “${flow.name}” is ${flow.status}: customers can only enter an active flow.`);
    return { name: flow.name, version: flow.version };
  }

  private async knownCustomerIds(ids: number[]): Promise<number[]> {
    const { rows } = await this.prisma.pool.query<{ id: number }>('SELECT id FROM customers WHERE id = ANY($1::int[])', [ids]);
    const known = new Set(rows.map((r) => r.id));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length) throw unknownCustomers(unknown.map(String), 'customer id');
    return ids;
  }

  private async customerIdsOf(externalIds: string[]): Promise<number[]> {
    const { rows } = await this.prisma.pool.query<{ id: number; external_id: string }>('SELECT id, external_id FROM customers WHERE external_id = ANY($1::text[])', [externalIds]);
    const byExternal = new Map(rows.map((r) => [r.external_id, r.id]));
    const unknown = externalIds.filter((id) => !byExternal.has(id));
    if (unknown.length) throw unknownCustomers(unknown, 'external id');
    return externalIds.map((id) => byExternal.get(id)!);
  }

  private async segmentMembers(segmentId: number): Promise<number[]> {
    const { rows: segments } = await this.prisma.pool.query<{ archived: boolean }>('SELECT archived_at IS NOT NULL AS archived FROM segments WHERE id = $1', [segmentId]);
    if (!segments.length) throw new DomainError('NOT_FOUND', `Segment ${segmentId} does not exist.`);
    if (segments[0].archived) throw new DomainError('CONFLICT', `Segment ${segmentId} is archived: its members are no longer kept up to date.`);
    const { rows } = await this.prisma.pool.query<{ customer_id: number }>('SELECT customer_id FROM segment_memberships WHERE segment_id = $1 ORDER BY customer_id', [segmentId]);
    return rows.map((r) => r.customer_id);
  }
}

function unknownCustomers(ids: string[], what: string): DomainError {
  const named = ids.slice(0, NAMED_UNKNOWN).join(', ') + (ids.length > NAMED_UNKNOWN ? ` and ${ids.length - NAMED_UNKNOWN} more` : '');
  const message = ids.length === 1 ? `No customer has the ${what} ${named}; nobody was enrolled.` : `No customers have these ${ids.length} ${what}s: ${named}; nobody was enrolled.`;
  return new DomainError('NOT_FOUND', message, ids.map((id) => ({ path: what === 'customer id' ? 'customerIds' : 'externalIds', message: `${what} ${id}: no such customer` })));
}
