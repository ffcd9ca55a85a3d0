// A customer's journeys for the builder's timeline: their enrollments (newest first) with the flow,
// version, where they are, and every outcome on the way.
import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error';
import { PrismaService } from '../../database/prisma.service';

/** Enrollments shown per customer (the newest). */
const JOURNEYS_LIMIT = 100;

@Injectable()
export class CustomerJourneysService {
  constructor(private readonly prisma: PrismaService) {}

  async journeys(customerId: number) {
    const customer = await this.prisma.customer.findUnique({ where: { id: customerId }, select: { id: true } });
    if (!customer) throw new DomainError('NOT_FOUND', `Customer ${customerId} does not exist.`);
    const { rows: enrollments } = await this.prisma.pool.query<{
      id: string;
      flowId: number;
      flowName: string;
      flowVersionId: number;
      version: number;
      status: string;
      currentNodeId: string;
      nextDueAt: Date | null;
      waitEventName: string | null;
      goal: { eventName: string; deadline: string; reachedAt?: string } | null;
      variants: Record<string, string>;
      path: string[];
      source: string;
      enteredAt: Date;
      finishedAt: Date | null;
      lastError: string | null;
    }>(
      `SELECT e.id::text AS id, e.flow_id AS "flowId", f.name AS "flowName", e.flow_version_id AS "flowVersionId", v.version, e.status,
              e.current_node_id AS "currentNodeId", e.next_due_at AS "nextDueAt", e.wait_event_name AS "waitEventName", e.goal, e.variants, e.path,
              e.source, e.entered_at AS "enteredAt", e.finished_at AS "finishedAt", e.last_error AS "lastError"
       FROM enrollments e JOIN flows f ON f.id = e.flow_id JOIN flow_versions v ON v.id = e.flow_version_id
       WHERE e.customer_id = $1 ORDER BY e.entered_at DESC, e.id DESC LIMIT ${JOURNEYS_LIMIT}`,
      [customerId],
    );
    const { rows: outcomes } = enrollments.length
      ? await this.prisma.pool.query<{ enrollmentId: string; nodeId: string; kind: string; variantId: string | null; experimentKey: string | null; occurredAt: Date; detail: unknown }>(
          `SELECT enrollment_id::text AS "enrollmentId", node_id AS "nodeId", kind, variant_id AS "variantId", experiment_key AS "experimentKey", occurred_at AS "occurredAt", detail
           FROM flow_outcomes WHERE enrollment_id = ANY($1::bigint[]) ORDER BY occurred_at, id`,
          [enrollments.map((e) => e.id)],
        )
      : { rows: [] };
    const byEnrollment = new Map<string, Array<Omit<(typeof outcomes)[number], 'enrollmentId'>>>();
    for (const { enrollmentId, ...outcome } of outcomes) {
      const list = byEnrollment.get(enrollmentId);
      if (list) list.push(outcome);
      else byEnrollment.set(enrollmentId, [outcome]);
    }
    return {
      customerId,
      items: enrollments.map(({ id, ...enrollment }) => ({ enrollmentId: id, ...enrollment, outcomes: byEnrollment.get(id) ?? [] })),
    };
  }
}
