import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { FlowDefinition } from '@retain/rules';
import { PrismaService } from '../../database/prisma.service';
import { FlowEventOutbox } from '../../events/flow-event-outbox';
import { Clock } from '../clock';
import { buildTriggerIndex, EMPTY_TRIGGER_INDEX, type TriggerIndex } from './trigger-index';

/** How often the flows tables are asked whether anything changed (a one-row query). */
export const TRIGGER_INDEX_POLL_MS = 2_000;

/**
 * Keeps the trigger index of the published flows in memory. Publishing, pausing, resuming and
 * archiving all touch `flows.updated_at`, so a cheap fingerprint query every two seconds tells
 * when to rebuild; any process (api, worker, scheduler) sees a change within that time.
 */
@Injectable()
export class TriggerIndexService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Triggers');
  private index: TriggerIndex = EMPTY_TRIGGER_INDEX;
  private fingerprint = '';
  private timer: NodeJS.Timeout | null = null;
  private refreshing: Promise<TriggerIndex> | null = null;

  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly outbox: FlowEventOutbox,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.refresh().catch((error: Error) => this.logger.warn(`Flow triggers not loaded yet: ${error.message}`));
    this.timer = setInterval(() => void this.refresh().catch((error: Error) => this.logger.warn(`Flow triggers not refreshed: ${error.message}`)), TRIGGER_INDEX_POLL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  current(): TriggerIndex {
    return this.index;
  }

  /** Rebuilds the index if the flows changed since the last look (tests call it after publishing). */
  refresh(): Promise<TriggerIndex> {
    this.refreshing ??= this.load().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async load(): Promise<TriggerIndex> {
    const { rows } = await this.prisma.pool.query<{ fingerprint: string }>(
      `SELECT (SELECT count(*) FROM flows)::text || '/' || coalesce((SELECT max(updated_at) FROM flows)::text, '-')
              || '/' || (SELECT count(*) FROM flow_versions WHERE state = 'published')::text AS fingerprint`,
    );
    if (rows[0].fingerprint === this.fingerprint) return this.index;
    const { rows: versions } = await this.prisma.pool.query<{ flow_id: number; flow_version_id: number; status: string; current: boolean; definition: FlowDefinition; published_at: Date | null }>(
      `SELECT v.flow_id, v.id AS flow_version_id, f.status, f.current_version_id IS NOT DISTINCT FROM v.id AS current, v.definition, v.published_at
         FROM flow_versions v JOIN flows f ON f.id = v.flow_id
        WHERE v.state = 'published'`,
    );
    this.index = buildTriggerIndex(
      versions.map((v) => ({ flowId: v.flow_id, flowVersionId: v.flow_version_id, flowStatus: v.status, current: v.current, definition: v.definition, publishedAt: v.published_at ?? undefined })),
      () => this.clock.now(),
    );
    // ingestion stages only the events some flow reacts to
    this.outbox.watch([...this.index.events.keys(), ...this.index.waitEventNames, ...this.index.goalEventNames]);
    this.fingerprint = rows[0].fingerprint;
    return this.index;
  }
}
