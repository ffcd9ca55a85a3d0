import { Inject, Injectable } from '@nestjs/common';
import type { FlowDefinition } from '@retain/rules';
import { METHODS } from '@retain/experiments';
import { notFound } from '../common/errors/domain-error';
import { ENV } from '../config/config.module';
import type { Env } from '../config/env';
import { PrismaService } from '../database/prisma.service';
import { Clock } from '../runtime/clock';
import { holdoutPercentOf } from '../runtime/enrollments/holdout';
import { compareToHoldout, type GroupCounts, type LiftComparison } from './lift-comparison';
import { LiftRepository, type LiftCountRow } from './lift.repository';
import { RETENTION_HORIZON_DAYS, type LiftQuery } from './lift.schemas';

const EMPTY: GroupCounts = { customers: 0, conversions: 0 };

/** A flow's effect against its holdout: conversion and retention lift, overall and by segment. */
@Injectable()
export class LiftService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly repository: LiftRepository,
    private readonly clock: Clock,
    @Inject(ENV) private readonly env: Env,
  ) {}

  async lift(flowId: number, query: LiftQuery) {
    const flow = await this.prisma.flow.findUnique({ where: { id: flowId }, select: { id: true, name: true, currentVersion: { select: { definition: true } } } });
    if (!flow) throw notFound('Flow', flowId);
    const definition = (flow.currentVersion?.definition ?? null) as FlowDefinition | null;
    const goalEvents = goalEventsOf(definition);
    const now = this.clock.now();
    const { overall, segments } = await this.repository.counts(flowId, query.windowDays, goalEvents, now);
    const compare = (rows: LiftCountRow[]) => ({
      conversion: compareToHoldout(conversionCounts(rows, true), conversionCounts(rows, false), query.confidence),
      retention: compareToHoldout(retentionCounts(rows, true), retentionCounts(rows, false), query.confidence),
    });
    const bySegment = new Map<number, { segmentId: number; segmentName: string; rows: LiftCountRow[] }>();
    for (const row of segments) {
      const entry = bySegment.get(row.segmentId) ?? { segmentId: row.segmentId, segmentName: row.segmentName, rows: [] };
      entry.rows.push(row);
      bySegment.set(row.segmentId, entry);
    }
    const result = compare(overall);
    return {
      flowId,
      flowName: flow.name,
      asOf: now.toISOString(),
      holdoutPercent: definition ? holdoutPercentOf(definition) : 0,
      globalControlPercent: this.env.RETAIN_GLOBAL_CONTROL_PERCENT,
      windowDays: query.windowDays,
      confidence: query.confidence,
      conversionDefinition: {
        goalEvents,
        text: `A purchase (positive amount, not a cancellation)${goalEvents.length ? ` or the goal event ${goalEvents.map((name) => `"${name}"`).join(' or ')}` : ''} within ${query.windowDays} days after first entering the flow.`,
      },
      retentionDefinition: {
        horizonDays: RETENTION_HORIZON_DAYS,
        text: `A purchase within ${RETENTION_HORIZON_DAYS} days after first entering; only customers who entered at least ${RETENTION_HORIZON_DAYS} days ago count.`,
      },
      conversion: result.conversion satisfies LiftComparison,
      retention: result.retention satisfies LiftComparison,
      bySegment: [...bySegment.values()].map(({ segmentId, segmentName, rows }) => ({ segmentId, segmentName, ...compare(rows) })),
      segmentMembership: 'Segments a customer was a member of when they entered the flow (from the membership history).',
      methods: { rateInterval: METHODS.rateInterval, absoluteLift: METHODS.absoluteLift, relativeLift: METHODS.relativeLift, test: METHODS.test, bayesian: 'Beta(1 + conversions, 1 + non-conversions) posteriors; P(treated rate > holdout rate)' },
    };
  }
}

function conversionCounts(rows: LiftCountRow[], heldOut: boolean): GroupCounts {
  const row = rows.find((r) => r.heldOut === heldOut);
  return row ? { customers: row.customers, conversions: row.conversions } : EMPTY;
}

function retentionCounts(rows: LiftCountRow[], heldOut: boolean): GroupCounts {
  const row = rows.find((r) => r.heldOut === heldOut);
  return row ? { customers: row.matured, conversions: row.retained } : EMPTY;
}

/** The event names of the flow's goal nodes (published version). */
function goalEventsOf(definition: FlowDefinition | null): string[] {
  const nodes = Array.isArray(definition?.nodes) ? definition.nodes : [];
  return [...new Set(nodes.flatMap((node) => (node.type === 'goal' && typeof node.data?.eventName === 'string' ? [node.data.eventName] : [])))];
}
