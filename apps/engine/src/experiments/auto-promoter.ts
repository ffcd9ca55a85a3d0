// Automatic promotion: A/B splits whose marketer ticked "promote the winner automatically"
// (`autoPromote` in the flow JSON) are checked by the scheduler process every
// RETAIN_AUTO_PROMOTE_INTERVAL_MS. The decision goes through the same promote() a person uses, so
// the same rules hold (P(beat control) ≥ 95 %, minimum sample, no sample-ratio mismatch) and it is
// audited, as the system.
import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error';
import { ENV } from '../config/config.module';
import type { Env } from '../config/env';
import { PrismaService } from '../database/prisma.service';
import { hasRole } from '../runtime/roles';
import { ExperimentsService } from './experiments.service';
import { DEFAULT_ATTRIBUTION_WINDOW_DAYS } from './experiments.schemas';

export interface AutomaticPromotion {
  flowId: number;
  nodeId: string;
  experimentKey: string;
  variantId: string;
}

interface AutoSplit {
  id: string;
  type: string;
  data?: { experimentKey?: string; autoPromote?: boolean };
}

@Injectable()
export class ExperimentAutoPromoter implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Experiments');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<AutomaticPromotion[]> | null = null;

  constructor(
    private readonly prisma: PrismaService,
    private readonly experiments: ExperimentsService,
    @Inject(ENV) private readonly env: Env,
  ) {}

  onModuleInit(): void {
    if (!hasRole(this.env, 'scheduler') || this.env.RETAIN_AUTO_PROMOTE_INTERVAL_MS === 0) return;
    this.timer = setInterval(() => void this.tick().catch((error: Error) => this.logger.warn(`Automatic promotion failed: ${error.message}`)), this.env.RETAIN_AUTO_PROMOTE_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One pass over the active flows; returns what it promoted (tests call it directly). */
  tick(): Promise<AutomaticPromotion[]> {
    this.running ??= this.promoteWinners().finally(() => (this.running = null));
    return this.running;
  }

  private async promoteWinners(): Promise<AutomaticPromotion[]> {
    const flows = await this.prisma.$queryRaw<Array<{ id: number; nodes: AutoSplit[] }>>`
      SELECT f.id, v.definition->'nodes' AS nodes FROM flows f JOIN flow_versions v ON v.id = f.current_version_id
       WHERE f.status = 'active' AND jsonb_path_exists(v.definition, '$.nodes[*] ? (@.type == "abSplit" && @.data.autoPromote == true)')`;
    const promoted: AutomaticPromotion[] = [];
    for (const flow of flows) {
      const automatic = new Set(flow.nodes.filter((node) => node.type === 'abSplit' && node.data?.autoPromote === true).map((node) => `${node.id}\u0000${node.data?.experimentKey}`));
      const { experiments } = await this.experiments.results(flow.id, { windowDays: DEFAULT_ATTRIBUTION_WINDOW_DAYS, confidence: 0.95 });
      for (const experiment of experiments) {
        if (!automatic.has(`${experiment.nodeId}\u0000${experiment.experimentKey}`) || experiment.decision || experiment.promotable.length === 0) continue;
        // the promotable arm most likely to beat the control
        const winner = experiment.arms.filter((arm) => experiment.promotable.includes(arm.id)).sort((a, b) => (b.probabilityToBeatControl ?? 0) - (a.probabilityToBeatControl ?? 0))[0];
        try {
          await this.experiments.promote(undefined, flow.id, experiment.nodeId, { variantId: winner.id, experimentKey: experiment.experimentKey, windowDays: DEFAULT_ATTRIBUTION_WINDOW_DAYS });
          promoted.push({ flowId: flow.id, nodeId: experiment.nodeId, experimentKey: experiment.experimentKey, variantId: winner.id });
          this.logger.log(`Flow ${flow.id}, split “${experiment.nodeId}”: arm “${winner.id}” promoted automatically`);
        } catch (error) {
          // another scheduler or a person decided first: nothing to do
          if (!(error instanceof DomainError && error.code === 'CONFLICT') && (error as { code?: string }).code !== 'P2002') throw error;
        }
      }
    }
    return promoted;
  }
}
