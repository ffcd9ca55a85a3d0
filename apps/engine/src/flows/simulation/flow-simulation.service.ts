import { Inject, Injectable } from '@nestjs/common';
import { flowDefinitionSchema, type FlowDefinition, type FlowNode } from '@retain/rules';
import { DomainError } from '../../common/errors/domain-error';
import { describeIssues, parseInput } from '../../common/validation/parse';
import { ENV } from '../../config/config.module';
import type { Env } from '../../config/env';
import { PrismaService } from '../../database/prisma.service';
import { CustomerFactsReader } from '../../segments/customer-facts-reader';
import { referencedFacts } from '../../segments/fact-catalogue';
import { SegmentCatalog } from '../../segments/segment-catalog';
import { flowProblemsError } from '../exceptions/flow-errors';
import { FlowVersionsRepository } from '../flow-versions.repository';
import { createFlowSimulator, type SimulationTally } from './flow-simulator';
import { simulateBody } from './simulation.schemas';

export interface SimulationResult extends SimulationTally {
  /** Who the simulation starts from, in words. */
  audience: string;
  audienceSize: number;
  ms: number;
}

/**
 * How many of today's customers would reach each step and take each connection: the trigger's
 * audience (segment members, or every customer for event and manual triggers), facts loaded in
 * bulk pages, each customer walked by the rules' step function; the flow's holdout and the global
 * control group are left out the way the runtime leaves them out. Writes nothing, sends nothing.
 */
@Injectable()
export class FlowSimulationService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly versions: FlowVersionsRepository,
    private readonly catalog: SegmentCatalog,
    private readonly reader: CustomerFactsReader,
    @Inject(ENV) private readonly env: Env,
  ) {}

  async simulate(flowId: number, body: unknown): Promise<SimulationResult> {
    const started = performance.now();
    const { definition: given } = parseInput(simulateBody, body ?? {}, 'simulation request');
    const flow = await this.definitionToSimulate(flowId, given);
    const trigger = flow.nodes.find((node): node is Extract<FlowNode, { type: 'trigger' }> => node.type === 'trigger');
    if (!trigger) throw new DomainError('VALIDATION_FAILED', 'The journey has no trigger, so nobody would enter it.');

    const { audience, customerIds } = await this.audienceOf(trigger);
    const activeModels = await this.catalog.activeModels();
    const simulator = createFlowSimulator(flow, new Date(), {
      flowId,
      holdoutPercent: trigger.data.holdoutPercent ?? 0,
      globalControlPercent: this.env.RETAIN_GLOBAL_CONTROL_PERCENT,
    });
    let audienceSize = 0;
    if (customerIds === undefined || customerIds.length > 0) {
      for await (const page of this.reader.pages({ facts: factsNeeded(flow), activeModels, customerIds })) {
        audienceSize += page.customerIds.length;
        for (let i = 0; i < page.customerIds.length; i++) simulator.walk(String(page.customerIds[i]), stepFacts(page.facts[i]));
      }
    }
    return { audience, audienceSize, ...simulator.tally(), ms: Math.round(performance.now() - started) };
  }

  private async definitionToSimulate(flowId: number, given: unknown): Promise<FlowDefinition> {
    const flow = await this.prisma.flow.findUnique({ where: { id: flowId }, select: { id: true, currentVersionId: true } });
    if (!flow) throw new DomainError('NOT_FOUND', `Flow ${flowId} does not exist.`);
    let definition = given;
    if (definition === undefined) {
      const version = (await this.versions.findDraft(flowId)) ?? (flow.currentVersionId ? await this.versions.findById(flow.currentVersionId) : null);
      if (!version) throw new DomainError('CONFLICT', `Flow ${flowId} has nothing to simulate.`);
      definition = version.definition;
    }
    const parsed = flowDefinitionSchema.safeParse(definition);
    if (!parsed.success) throw flowProblemsError('The journey cannot be simulated until its steps are complete', describeIssues(parsed.error.issues));
    return parsed.data;
  }

  private async audienceOf(trigger: Extract<FlowNode, { type: 'trigger' }>): Promise<{ audience: string; customerIds?: number[] }> {
    const source = trigger.data.source;
    if (source.kind === 'event') return { audience: `Every customer (anyone may do “${source.eventName}”)` };
    if (source.kind === 'manual') return { audience: 'Every customer (anyone may be enrolled by hand)' };
    const segmentId = source.kind === 'segment-entered' ? source.segmentId : source.audienceSegmentId;
    const id = /^[1-9]\d{0,9}$/.test(segmentId) ? Number(segmentId) : NaN;
    const segment = Number.isSafeInteger(id) && id <= 2_147_483_647 ? await this.prisma.segment.findFirst({ where: { id, archivedAt: null }, select: { id: true, name: true } }) : null;
    if (!segment) throw new DomainError('VALIDATION_FAILED', `The trigger names segment “${segmentId}”, which does not exist; choose a segment first.`);
    const members = await this.prisma.pool.query<{ customerId: number }>('SELECT customer_id AS "customerId" FROM segment_memberships WHERE segment_id = $1', [segment.id]);
    return { audience: `Members of “${segment.name}”`, customerIds: members.rows.map((row) => row.customerId) };
  }
}

/** Catalogue facts the journey's steps read: filter conditions, and churn scores for risk checks. */
function factsNeeded(flow: FlowDefinition): string[] {
  const names = new Set<string>();
  for (const node of flow.nodes) {
    if (node.type === 'segmentFilter') for (const fact of referencedFacts(node.data.condition)) names.add(fact);
    if (node.type === 'riskThreshold') names.add(`scores.${node.data.modelId}`);
  }
  return [...names];
}

/** The step function reads scores as `scores: { churn }`; conditions read the flat `scores.churn`. */
function stepFacts(facts: Record<string, unknown>): Record<string, unknown> {
  const scores: Record<string, unknown> = {};
  for (const key in facts) if (key.startsWith('scores.')) scores[key.slice('scores.'.length)] = facts[key];
  return { ...facts, scores };
}
