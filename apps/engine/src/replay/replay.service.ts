// The replay (issue 6, section 6): the demo's retention journey run over Online Retail from a
// cutoff forward. Cohort and churn risk as of the cutoff (replay-cohort.ts), the issue's example
// flow published once and marked as a replay, the cohort enrolled at the cutoff, and the runtime
// stepped through simulated time while the customers' real later purchases reach its goals.
import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { exampleRetentionFlow, type FlowDefinition } from '@retain/rules';
import { CustomerDataLoader } from '../analytics/customer-data-loader';
import { DomainError } from '../common/errors/domain-error';
import { ENV } from '../config/config.module';
import type { Env } from '../config/env';
import { PrismaService } from '../database/prisma.service';
import { DEMO_SEGMENTS } from '../demo/demo-analytics-step';
import { FlowsService } from '../flows/flows.service';
import { EnrollmentsService } from '../runtime/enrollments/enrollments.service';
import { SegmentDefinitions } from '../segments/segment-definitions';
import { replayCohort, type ReplayCohort } from './replay-cohort';
import { ReplayContacts } from './replay-contacts';
import { REPLAY_CLICK_URL, ReplayEngagement } from './replay-engagement';
import { ReplayFlags } from './replay-flags';
import { ReplayModel } from './replay-model';
import { PURCHASE_EVENT, ReplayStepper, type ScheduledWork } from './replay-stepper';
import { replaySummary, type ReplaySummary } from './replay-summary';
import { ReplaysRepository } from './replays.repository';

export const DEFAULT_REPLAY_FROM = '2011-09-09';
const HORIZON_DAYS = 90;
const SEED = 42;
/** The segment the demo flow's trigger names (the example journey starts at "At Risk"). */
const SEGMENT = 'At Risk';
/**
 * The RFM segments of customers who are slipping away: the replay enrolls everyone who enters one of
 * them, week by week (not only "At Risk", whose ~340 customers leave the arms below the minimum
 * sample); the journey's churn-risk node still decides who is treated.
 */
export const REPLAY_SEGMENTS = ['At Risk', "Can't Lose Them", 'Need Attention', 'About to Sleep', 'Hibernating', 'Lost'] as const;
/** The demo's "High churn risk" band: the replay flags customers from this risk on (time to identify). */
export const REPLAY_FLAG_MIN = 0.7;
/** Weeks whose entrants could not reach the journey's goal window (3-day wait + 7 days) before the data end enroll nobody. */
const DAYS_AFTER_ENTRY = 10;
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
    `A replay of past data, not a live experiment: from ${from}, week by week, the customers entering an at-risk RFM segment (${REPLAY_SEGMENTS.join(', ')}) were enrolled, ` +
    `and their real later purchases (Online Retail transactions) became the conversions. The emails went to a capture server inside the replay, not to customers, ` +
    `so the arms cannot differ by treatment; a purchase within 7 days after an email counts as a click on it.`
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
    private readonly contacts: ReplayContacts,
    private readonly flags: ReplayFlags,
    private readonly engagement: ReplayEngagement,
    private readonly moduleRef: ModuleRef,
    @Inject(ENV) private readonly env: Env,
  ) {}

  async run(request: ReplayRequest = {}): Promise<ReplayResult> {
    const log = request.log ?? (() => undefined);
    const fromText = request.from ?? DEFAULT_REPLAY_FROM;
    const cutoff = parseCutoff(fromText);
    this.stepper.assertInProcess();
    this.assertMailCaptured();

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
      cohort = replayCohort(data, cutoff.getTime(), { horizonDays: HORIZON_DAYS, seed: SEED, segments: REPLAY_SEGMENTS, flagMin: REPLAY_FLAG_MIN, daysAfterEntry: DAYS_AFTER_ENTRY });
    } catch (error) {
      throw new DomainError('VALIDATION_FAILED', `Cannot compute the replay's cohort as of ${fromText}: ${(error as Error).message}`);
    }
    const entrants = cohort.weeks.reduce((sum, week) => sum + week.entrants.length, 0);
    log(`${cohort.members.length} customers were in an at-risk RFM segment on ${fromText}, ${entrants - cohort.members.length} more entered one in the ${cohort.weeks.length - 1} weeks after; replay model ${cohort.model.parameters.kind}, held-out ROC AUC ${cohort.model.metrics.rocAuc.toFixed(3)}`);

    // the replays row first, then the model: a run cut off anywhere resumes with both
    const { flowId, createdFlow } = existing ? { flowId: existing.flowId, createdFlow: existing.createdFlow } : await this.prepareFlow(request.flowId, fromText, cutoff);
    let modelVersionId = existing?.modelVersionId ?? null;
    if (modelVersionId === null) {
      modelVersionId = await this.model.store(cohort);
      await this.replays.setModel(flowId, modelVersionId);
    }
    const flagged = await this.flags.record(flowId, fromText, REPLAY_FLAG_MIN, cohort.weeks, modelVersionId);
    log(`Flagged week by week (churn risk ≥ ${REPLAY_FLAG_MIN}): ${flagged.entries} entries into segment ${flagged.segmentId}, dated in data time`);
    const versionId = modelVersionId;
    const stepped = await this.model.activeDuring(versionId, () => this.stepFlow(flowId, createdFlow, cutoff, cohort, log, versionId));
    const clicks = await this.engagement.deriveClicks(flowId);
    log(`${clicks} emails were followed by a purchase within 7 days: recorded as clicks on them`);
    const summary = { ...stepped, entrants, flags: { segmentId: flagged.segmentId, entries: flagged.entries }, clicksFromPurchases: await this.replayClicks(flowId) };
    await this.replays.complete(summary.flowId, summary);
    return { ...summary, reused: false };
  }

  /** The replay's emails must stay on this machine: SMTP_URL points at the capture server the replay command starts. */
  private assertMailCaptured(): void {
    if (!isLoopbackSmtp(this.env.SMTP_URL)) {
      throw new DomainError('CONFLICT', 'A replay sends its emails to a capture server inside its own process, never to a real mail server: run `npm run retain -- replay`, which starts one.');
    }
  }

  private async replayClicks(flowId: number): Promise<number> {
    const { rows } = await this.prisma.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM flow_outcomes WHERE flow_id = $1 AND kind = 'email_clicked' AND detail->>'url' = $2`, [flowId, REPLAY_CLICK_URL]);
    return rows[0].n;
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
  private async stepFlow(flowId: number, createdFlow: boolean, cutoff: Date, cohort: ReplayCohort, log: (line: string) => void, modelVersionId: number) {
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
      const everyone = [...new Set(cohort.weeks.flatMap((week) => week.entrants))];
      const given = await this.contacts.give(everyone, cutoff.toISOString().slice(0, 10));
      log(`${given} customers got a placeholder address at replay.invalid and consent given by the replay, for the replay only`);
      // each week: the replay model's risk as of that week (what the risk node reads), then the week's entrants
      const schedule: ScheduledWork[] = cohort.weeks
        .filter((week) => week.entrants.length)
        .map((week) => ({
          at: week.at,
          run: async () => {
            const at = new Date(week.at);
            if (week.at !== cutoff.getTime()) await this.model.rescore(modelVersionId, week.scored);
            const result = await this.enrollments.enroll({ flowId, customerIds: week.entrants, source: 'segment-entered', at });
            log(`${at.toISOString().slice(0, 10)}: enrolled ${result.enrolled} of ${week.entrants.length} entrants${result.skipped.length ? ` (${result.skipped.length} skipped: the flow's re-entry rule, or an earlier run)` : ''}`);
          },
        }));
      const stepped = await this.stepper.withClock(cutoff, (clock) => this.stepper.run(flowId, clock, feedsPurchases, log, schedule));
      return replaySummary(this.prisma, { flowId, from: cutoff, cohort: cohort.members.length, steppedUntil: stepped.until, purchasesWithheld: stepped.withheld, modelVersionId, modelRocAuc: await this.model.rocAuc(modelVersionId) });
    } finally {
      // the placeholders served the replay only; the replay model's stored scores go back to the cutoff's
      await this.contacts.remove();
      await this.model.rescore(modelVersionId, cohort.scored);
      if (createdFlow || before.status === 'paused') await this.flows.pause(undefined, flowId).catch(() => undefined);
    }
  }
}

function isLoopbackSmtp(url: string | undefined): boolean {
  if (!url) return false;
  try {
    return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);
  } catch {
    return false;
  }
}

function parseCutoff(text: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) throw new DomainError('VALIDATION_FAILED', `The replay date must look like 2011-09-09, not "${text}".`);
  const at = new Date(`${text}T00:00:00Z`);
  if (Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== text) throw new DomainError('VALIDATION_FAILED', `${text} is not a date.`);
  return at;
}
