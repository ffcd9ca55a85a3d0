// The replay (issue 6, section 6): the demo's retention journey run over Online Retail from a
// cutoff forward. Cohort and churn risk as of the cutoff (replay-cohort.ts), the issue's example
// flow published once and marked as a replay, the cohort enrolled at the cutoff, and the runtime
// stepped through simulated time while the customers' real later purchases reach its goals.
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { exampleRetentionFlow, type FlowDefinition } from '@retain/rules';
import { CustomerDataLoader } from '../analytics/customer-data-loader';
import { DomainError } from '../common/errors/domain-error';
import { PrismaService } from '../database/prisma.service';
import { DEMO_SEGMENTS } from '../demo/demo-analytics-step';
import { FlowsService } from '../flows/flows.service';
import { EnrollmentsService } from '../runtime/enrollments/enrollments.service';
import { SegmentDefinitions } from '../segments/segment-definitions';
import { replayCohort } from './replay-cohort';
import { ReplayModel } from './replay-model';
import { PURCHASE_EVENT, ReplayStepper } from './replay-stepper';
import { replaySummary, type ReplaySummary } from './replay-summary';
import { ReplaysRepository } from './replays.repository';

export const DEFAULT_REPLAY_FROM = '2011-09-09';
const HORIZON_DAYS = 90;
const SEED = 42;
const SEGMENT = 'At Risk';
export const REPLAY_HOLDOUT_PERCENT = 10;

export interface ReplayRequest {
  /** The cutoff, an ISO date (default 2011-09-09). */
  from?: string;
  /** Replay into this published flow instead of the demo's example journey. */
  flowId?: number;
  log?: (line: string) => void;
}

export interface ReplayResult extends ReplaySummary {
  /** True when an earlier run had already completed this replay: nothing was done again. */
  reused: boolean;
}

export function replayFlowName(from: string): string {
  return `Replay of Online Retail from ${from} — no real treatment effect`;
}

function replayNote(from: string): string {
  return (
    `A replay of past data, not a live experiment: the ${SEGMENT} customers as of ${from} were enrolled at that date and their real later purchases ` +
    `(Online Retail transactions) became the conversions. Nobody received an email or an offer, so the arms cannot differ by treatment.`
  );
}

@Injectable()
export class ReplayService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly loader: CustomerDataLoader,
    private readonly flows: FlowsService,
    private readonly enrollments: EnrollmentsService,
    private readonly stepper: ReplayStepper,
    private readonly model: ReplayModel,
    private readonly replays: ReplaysRepository,
    private readonly moduleRef: ModuleRef,
  ) {}

  async run(request: ReplayRequest = {}): Promise<ReplayResult> {
    const log = request.log ?? (() => undefined);
    const fromText = request.from ?? DEFAULT_REPLAY_FROM;
    const cutoff = parseCutoff(fromText);
    this.stepper.assertInProcess();

    const existing = request.flowId ? await this.replays.forFlow(request.flowId) : await this.replays.demoFrom(cutoff);
    if (existing?.status === 'completed' && existing.from.getTime() === cutoff.getTime()) {
      log(`The replay of flow ${existing.flowId} from ${fromText} already ran; showing its summary.`);
      return { ...(existing.summary as ReplaySummary), reused: true };
    }
    if (existing && existing.from.getTime() !== cutoff.getTime()) {
      throw new DomainError('CONFLICT', `Flow ${existing.flowId} was replayed from ${existing.from.toISOString().slice(0, 10)}; a flow is replayed from one date only.`);
    }

    if (request.flowId && !existing) await this.assertReplayable(request.flowId);
    const data = await this.loader.load();
    if (!Number.isFinite(data.newestTransactionTime)) throw new DomainError('VALIDATION_FAILED', 'There are no transactions to replay: import Online Retail first (npm start with RETAIN_DEMO loads it).');
    if (cutoff.getTime() >= data.newestTransactionTime) {
      throw new DomainError('VALIDATION_FAILED', `The replay starts on ${fromText}, after the newest transaction (${new Date(data.newestTransactionTime).toISOString().slice(0, 10)}): nothing would happen after it.`);
    }
    log(`Cohort and churn risk as of ${fromText} (model trained on the ${HORIZON_DAYS} days up to it)...`);
    let cohort;
    try {
      cohort = replayCohort(data, cutoff.getTime(), { horizonDays: HORIZON_DAYS, seed: SEED, segment: SEGMENT });
    } catch (error) {
      throw new DomainError('VALIDATION_FAILED', `Cannot compute the replay's cohort as of ${fromText}: ${(error as Error).message}`);
    }
    log(`${cohort.members.length} customers were ${SEGMENT} on ${fromText}; replay model ${cohort.model.parameters.kind}, held-out ROC AUC ${cohort.model.metrics.rocAuc.toFixed(3)}`);

    // the replays row first, then the model: a run cut off anywhere resumes with both
    const { flowId, createdFlow } = existing ? { flowId: existing.flowId, createdFlow: existing.createdFlow } : await this.prepareFlow(request.flowId, fromText, cutoff);
    let modelVersionId = existing?.modelVersionId ?? null;
    if (modelVersionId === null) {
      modelVersionId = await this.model.store(cohort);
      await this.replays.setModel(flowId, modelVersionId);
    }
    const summary = await this.model.activeDuring(modelVersionId, () => this.stepFlow(flowId, createdFlow, cutoff, cohort.members, log, modelVersionId));
    await this.replays.complete(summary.flowId, summary);
    return { ...summary, reused: false };
  }

  list(flowId?: number) {
    return this.replays.list(flowId);
  }

  /** The demo flow (created as a draft; stepFlow publishes it) or the named one. */
  private async prepareFlow(flowId: number | undefined, fromText: string, cutoff: Date): Promise<{ flowId: number; createdFlow: boolean }> {
    if (flowId) {
      await this.replays.insert(flowId, cutoff, false, replayNote(fromText));
      return { flowId, createdFlow: false };
    }
    const segmentId = await this.segmentId();
    const definition: FlowDefinition = structuredClone(exampleRetentionFlow);
    const trigger = definition.nodes.find((node) => node.type === 'trigger')!;
    const data = trigger.data as { source: { kind: 'segment-entered'; segmentId: string }; holdoutPercent?: number };
    data.source = { kind: 'segment-entered', segmentId: String(segmentId) };
    // a holdout, so the lift page and the next churn training have untreated customers to compare with
    data.holdoutPercent = REPLAY_HOLDOUT_PERCENT;
    const created = await this.flows.create(undefined, { name: replayFlowName(fromText), description: replayNote(fromText), definition });
    // recorded before publishing: a run cut off here resumes with this flow (stepFlow publishes a draft)
    await this.replays.insert(created.id, cutoff, true, replayNote(fromText));
    return { flowId: created.id, createdFlow: true };
  }

  private async assertReplayable(flowId: number): Promise<void> {
    const flow = await this.prisma.flow.findUnique({ where: { id: flowId }, select: { status: true, name: true } });
    if (!flow) throw new DomainError('NOT_FOUND', `Flow ${flowId} does not exist.`);
    if (flow.status !== 'active' && flow.status !== 'paused') throw new DomainError('CONFLICT', `The flow “${flow.name}” is ${flow.status}: only a published flow can be replayed.`);
  }

  private async segmentId(): Promise<number> {
    const found = await this.prisma.segment.findUnique({ where: { name: SEGMENT }, select: { id: true } });
    if (found) return found.id;
    const input = DEMO_SEGMENTS.find((segment) => segment.name === SEGMENT)!;
    const created = await this.moduleRef.get(SegmentDefinitions, { strict: false }).create(undefined, input);
    return created.id;
  }

  /**
   * Runs the flow while it is active: the demo flow is paused afterwards (live segment entries must
   * not land in a replay), a named flow gets its status back.
   */
  private async stepFlow(flowId: number, createdFlow: boolean, cutoff: Date, members: number[], log: (line: string) => void, modelVersionId: number): Promise<ReplaySummary> {
    let before = await this.prisma.flow.findUniqueOrThrow({ where: { id: flowId }, select: { status: true, currentVersionId: true } });
    if (before.status === 'draft' && createdFlow) {
      await this.flows.publish(undefined, flowId, {});
      before = await this.prisma.flow.findUniqueOrThrow({ where: { id: flowId }, select: { status: true, currentVersionId: true } });
    }
    if (before.status === 'paused') await this.flows.resume(undefined, flowId);
    try {
      const definition = (await this.prisma.flowVersion.findUniqueOrThrow({ where: { id: before.currentVersionId! }, select: { definition: true } })).definition as unknown as FlowDefinition;
      const feedsPurchases = definition.nodes.some((node) => (node.data as { eventName?: string }).eventName === PURCHASE_EVENT);
      if (!feedsPurchases) log(`The flow waits for no "${PURCHASE_EVENT}" event: purchases are not fed to it.`);
      const stepped = await this.stepper.withClock(cutoff, async (clock) => {
        const result = await this.enrollments.enroll({ flowId, customerIds: members, source: 'segment-entered', at: cutoff });
        log(`Enrolled ${result.enrolled} customers at ${cutoff.toISOString().slice(0, 10)}${result.skipped.length ? ` (${result.skipped.length} skipped: already enrolled by an earlier run)` : ''}`);
        return this.stepper.run(flowId, clock, feedsPurchases, log);
      });
      return replaySummary(this.prisma, { flowId, from: cutoff, cohort: members.length, steppedUntil: stepped.until, purchasesWithheld: stepped.withheld, modelVersionId, modelRocAuc: await this.model.rocAuc(modelVersionId) });
    } finally {
      if (createdFlow || before.status === 'paused') await this.flows.pause(undefined, flowId).catch(() => undefined);
    }
  }
}

function parseCutoff(text: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) throw new DomainError('VALIDATION_FAILED', `The replay date must look like 2011-09-09, not "${text}".`);
  const at = new Date(`${text}T00:00:00Z`);
  if (Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== text) throw new DomainError('VALIDATION_FAILED', `${text} is not a date.`);
  return at;
}
