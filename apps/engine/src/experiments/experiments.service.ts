import { Inject, Injectable } from '@nestjs/common';
import { analyzeExperiment, type ExperimentResult, type ObservedArm } from '@retain/experiments';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { DomainError } from '../common/errors/domain-error';
import { ENV } from '../config/config.module';
import type { Env } from '../config/env';
import { PrismaService } from '../database/prisma.service';
import type { Prisma } from '../generated/prisma/client';
import { flowNotFound } from '../flows/exceptions/flow-errors';
import { goalEventNamesOf, splitKey, splitNodesOf, type SplitNode } from './experiment-nodes';
import type { ExperimentsQuery } from './experiments.schemas';
import { ExposureCountsRepository, type ArmCountRow } from './exposure-counts.repository';

export const ATTRIBUTION = {
  model: 'last-touch',
  exposure: 'an `entered` outcome at the A/B split node (it carries the arm)',
  conversion:
    'a goal-reached, converted or redeemed outcome, a purchase (positive transaction, not a cancellation or return), an event named like one of the flow’s goals, or an offer redemption — by the exposed customer, after the exposure and within the window; it counts for the customer’s latest exposure before it',
} as const;

export interface DecisionView {
  variantId: string;
  decidedAt: Date;
  decidedById: number | null;
}

export interface SplitResult extends Omit<ExperimentResult, 'arms'> {
  nodeId: string;
  experimentKey: string;
  label: string | null;
  versions: number[];
  arms: Array<ExperimentResult['arms'][number] & { label: string }>;
  /**
   * Arms a person may promote: every arm, the control included, once the minimum sample is reached
   * and the split matches its weights; those not in `promotable` (P(beat control) < 95 %; for the
   * control P(best) < 95 %) only with acknowledgeWeakEvidence.
   */
  choosable: string[];
  decision: DecisionView | null;
}

/** Results of a flow's A/B splits: counts from the outcomes, statistics from @retain/experiments. */
@Injectable()
export class ExperimentsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly counts: ExposureCountsRepository,
    private readonly audit: AuditService,
    @Inject(ENV) private readonly env: Env,
  ) {}

  async results(flowId: number, query: ExperimentsQuery) {
    const flow = await this.prisma.flow.findUnique({ where: { id: flowId }, select: { id: true, name: true } });
    if (!flow) throw flowNotFound(flowId);
    const versions = await this.prisma.flowVersion.findMany({ where: { flowId }, select: { id: true, version: true, definition: true } });
    const splits = splitNodesOf(versions);
    const rows = splits.length ? await this.counts.countArms(flowId, goalEventNamesOf(versions), query.windowDays) : [];
    const decisions = await this.prisma.experimentDecision.findMany({ where: { flowId } });
    const decisionOf = new Map(decisions.map((d) => [splitKey(d.nodeId, d.experimentKey), d]));
    const minimumSample = {
      exposuresPerArm: query.minExposures ?? this.env.RETAIN_EXPERIMENT_MIN_EXPOSURES,
      conversionsPerArm: query.minConversions ?? this.env.RETAIN_EXPERIMENT_MIN_CONVERSIONS,
    };
    const experiments = splits.map((split) => {
      const key = splitKey(split.nodeId, split.experimentKey);
      const decision = decisionOf.get(key);
      return this.analyzeSplit(
        split,
        rows.filter((row) => splitKey(row.nodeId, row.experimentKey) === key),
        { confidence: query.confidence, minimumSample },
        decision ? { variantId: decision.variantId, decidedAt: decision.decidedAt, decidedById: decision.decidedById } : null,
      );
    });
    return { flowId: flow.id, flowName: flow.name, attribution: { ...ATTRIBUTION, windowDays: query.windowDays }, experiments };
  }

  /** Promotes an arm; `principal` undefined is the automatic promotion (audited as the system). */
  async promote(principal: Principal | undefined, flowId: number, nodeId: string, input: { variantId: string; experimentKey?: string; windowDays: number; acknowledgeWeakEvidence?: boolean }) {
    const { experiments } = await this.results(flowId, { windowDays: input.windowDays, confidence: 0.95 });
    const candidates = experiments.filter((e) => e.nodeId === nodeId && (!input.experimentKey || e.experimentKey === input.experimentKey));
    if (candidates.length === 0) throw new DomainError('NOT_FOUND', `Flow ${flowId} has no A/B split “${nodeId}”${input.experimentKey ? ` with experiment key “${input.experimentKey}”` : ''}.`);
    if (candidates.length > 1) {
      throw new DomainError('VALIDATION_FAILED', `The split “${nodeId}” ran several experiments (${candidates.map((c) => c.experimentKey).join(', ')}); say which with experimentKey.`);
    }
    const experiment = candidates[0];
    const arm = experiment.arms.find((a) => a.id === input.variantId);
    if (!arm) throw new DomainError('VALIDATION_FAILED', `The split “${nodeId}” has no arm “${input.variantId}” (arms: ${experiment.arms.map((a) => a.id).join(', ')}).`);
    if (experiment.decision) throw new DomainError('CONFLICT', `Arm “${experiment.decision.variantId}” of “${nodeId}” was already promoted on ${experiment.decision.decidedAt.toISOString()}.`);
    // Enough data and a sound split are always required. Without a convincing result (P ≥ 95 % to beat
    // the control, or for the control itself P ≥ 95 % to be best) a person may still choose an arm —
    // a business decision, e.g. keeping the control when nothing beat it — only by saying so
    // explicitly; the automatic promotion never does.
    const convincing = experiment.promotable.includes(arm.id) || (arm.isControl && experiment.choosable.includes(arm.id) && arm.probabilityToBeBest >= 0.95);
    if (!convincing && (!experiment.choosable.includes(arm.id) || !principal || !input.acknowledgeWeakEvidence)) {
      throw new DomainError('CONFLICT', `Arm “${arm.id}” cannot be promoted yet: ${whyNotPromotable(experiment, arm.probabilityToBeatControl, Boolean(principal))}`);
    }

    const evidence = {
      windowDays: input.windowDays,
      probabilityToBeatControl: arm.probabilityToBeatControl,
      arms: experiment.arms.map((a) => ({ id: a.id, exposures: a.exposures, conversions: a.conversions })),
      minimumSample: { ...experiment.sample.required },
      sampleRatioPValue: experiment.sampleRatio?.pValue ?? null,
      /** False: chosen by a person who acknowledged that the data do not show the arm is better. */
      convincing,
    };
    const decidedById = principal?.kind === 'user' ? principal.userId : null;
    const decision = await this.prisma.$transaction(async (tx) => {
      const created = await tx.experimentDecision.create({ data: { flowId, nodeId, experimentKey: experiment.experimentKey, variantId: arm.id, decidedById, evidence: evidence as Prisma.InputJsonObject } });
      await this.audit.record(principal, { action: 'experiment.promoted', targetType: 'flow', targetId: flowId, details: { nodeId, experimentKey: experiment.experimentKey, ...evidence, variantId: arm.id, automatic: !principal } }, tx);
      return created;
    });
    return { flowId, nodeId, experimentKey: experiment.experimentKey, variantId: decision.variantId, decidedAt: decision.decidedAt, decidedById, evidence };
  }

  private analyzeSplit(split: SplitNode, rows: ArmCountRow[], options: { confidence: number; minimumSample: { exposuresPerArm: number; conversionsPerArm: number } }, decision: DecisionView | null): SplitResult {
    const arms = [...split.arms];
    for (const row of rows) if (!arms.some((arm) => arm.id === row.variantId)) arms.push({ id: row.variantId, label: row.variantId, weight: 0 }); // an arm only outcomes remember
    const sum = (armId: string, field: 'exposures' | 'conversions') => rows.filter((row) => row.variantId === armId).reduce((total, row) => total + row[field], 0);
    const result = analyzeExperiment(
      arms.map((arm) => ({ id: arm.id, weight: arm.weight, exposures: sum(arm.id, 'exposures'), conversions: sum(arm.id, 'conversions') })),
      { controlId: arms.some((arm) => arm.id === split.controlId) ? split.controlId : arms[0].id, confidence: options.confidence, minimumSample: options.minimumSample, sampleRatioArms: expectedSplit(split, arms, rows) },
    );
    const labels = new Map(arms.map((arm) => [arm.id, arm.label]));
    return {
      ...result,
      nodeId: split.nodeId,
      experimentKey: split.experimentKey,
      label: split.label,
      versions: split.versions,
      arms: result.arms.map((arm) => ({ ...arm, label: labels.get(arm.id) ?? arm.id })),
      promotable: decision ? [] : result.promotable,
      choosable: decision || !result.sample.reached || result.sampleRatio?.mismatch ? [] : result.arms.map((arm) => arm.id),
      decision,
    };
  }
}

/**
 * What the sample-ratio check compares: exposures before any promotion, against the weights each
 * exposure was assigned with (each version's own weights, so an edited split is no false alarm).
 */
function expectedSplit(split: SplitNode, arms: ReadonlyArray<{ id: string }>, rows: ArmCountRow[]): ObservedArm[] {
  const expected = new Map(arms.map((arm) => [arm.id, 0]));
  const observed = new Map(arms.map((arm) => [arm.id, 0]));
  const byVersion = new Map<number, number>();
  for (const row of rows) {
    byVersion.set(row.flowVersionId, (byVersion.get(row.flowVersionId) ?? 0) + row.exposuresBeforeDecision);
    observed.set(row.variantId, (observed.get(row.variantId) ?? 0) + row.exposuresBeforeDecision);
  }
  for (const [versionId, count] of byVersion) {
    const weights = split.weightsByVersionId.get(versionId);
    if (!weights) continue;
    const total = [...weights.values()].reduce((s, w) => s + Math.max(0, w), 0);
    if (!(total > 0)) continue;
    for (const [armId, weight] of weights) expected.set(armId, (expected.get(armId) ?? 0) + (count * Math.max(0, weight)) / total);
  }
  return arms.map((arm) => ({ id: arm.id, weight: expected.get(arm.id) ?? 0, exposures: observed.get(arm.id) ?? 0 }));
}

function whyNotPromotable(experiment: SplitResult, probability: number | null, byPerson: boolean): string {
  if (!experiment.sample.reached) return experiment.sample.message;
  if (experiment.sampleRatio?.mismatch) return `the split does not match its weights (sample-ratio mismatch, p = ${experiment.sampleRatio.pValue.toExponential(2)}); fix the assignment before deciding.`;
  const below =
    probability === null
      ? 'it is the control and the data do not show it is the best arm (probability to be best below 95 %)'
      : `its probability to beat the control is ${(probability * 100).toFixed(1)} %, below 95 %: the data do not show it is better`;
  return byPerson ? `${below}. To choose it anyway, send acknowledgeWeakEvidence: true (the audit log records that).` : `${below}.`;
}
