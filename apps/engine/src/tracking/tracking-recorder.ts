// Records email opens and clicks: a flow_outcomes row attributed to the delivery's flow, version,
// node and A/B arm, and a customer event of the same name (timelines, goals, waits and KPIs read
// events). The first open of a delivery counts once; every click is kept.
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { inPoolTransaction } from '../ingest/pg-transaction';
import { PrismaService } from '../database/prisma.service';
import { DomainEventBus } from '../events/domain-event-bus';
import type { TrackedEvent } from '../events/domain-events';
import { FlowEventOutbox } from '../events/flow-event-outbox';

export type TrackedKind = 'email_opened' | 'email_clicked';

/** Who recorded an open or click: the pixel and links, or a replay deriving clicks from past purchases. */
export type TrackingSource = 'email-tracking' | 'replay';

interface DeliveryRow {
  enrollmentId: string;
  nodeId: string;
  customerId: number;
  flowId: number;
  flowVersionId: number;
  variantId: string | null;
  experimentKey: string | null;
}

export interface RecordResult {
  /** False when the delivery is not an email Retain sent (deleted, or another channel). */
  known: boolean;
  /** Kinds that were new (a repeated open records nothing). */
  recorded: TrackedKind[];
}

@Injectable()
export class TrackingRecorder {
  constructor(
    private readonly prisma: PrismaService,
    private readonly bus: DomainEventBus,
    private readonly flowEvents: FlowEventOutbox,
  ) {}

  recordOpen(deliveryId: number, at: Date): Promise<RecordResult> {
    return this.record(deliveryId, at, null, 'email-tracking');
  }

  /** A click also counts as the open when the pixel was blocked (images off). */
  recordClick(deliveryId: number, url: string, at: Date, source: TrackingSource = 'email-tracking'): Promise<RecordResult> {
    return this.record(deliveryId, at, url, source);
  }

  private async record(deliveryId: number, at: Date, clickedUrl: string | null, source: TrackingSource): Promise<RecordResult> {
    const { result, events } = await inPoolTransaction(this.prisma.pool, async (client) => {
      const delivery = await this.delivery(client, deliveryId);
      if (!delivery) return { result: { known: false, recorded: [] }, events: [] };
      const recorded: TrackedKind[] = [];
      const events: TrackedEvent[] = [];
      const properties = { deliveryId, flowId: delivery.flowId, flowVersionId: delivery.flowVersionId, nodeId: delivery.nodeId, ...(delivery.variantId ? { variantId: delivery.variantId } : {}) };
      const opened = await this.insertOutcome(client, delivery, 'email_opened', at, { deliveryId, ...(clickedUrl ? { fromClick: true } : {}) });
      if (opened) {
        recorded.push('email_opened');
        events.push(await this.insertEvent(client, delivery.customerId, 'email_opened', at, properties, `email-opened-${deliveryId}`, source));
      }
      if (clickedUrl !== null) {
        await this.insertOutcome(client, delivery, 'email_clicked', at, { deliveryId, url: clickedUrl });
        recorded.push('email_clicked');
        events.push(await this.insertEvent(client, delivery.customerId, 'email_clicked', at, { ...properties, url: clickedUrl }, null, source));
      }
      // goals and waits on these event names react through the runtime's outbox, as for ingest
      await this.flowEvents.stage(client, events);
      return { result: { known: true, recorded }, events };
    });
    if (events.length) {
      this.flowEvents.committed();
      await this.bus.publish('customer.events-tracked', { events });
    }
    return result;
  }

  private async delivery(client: PoolClient, deliveryId: number): Promise<DeliveryRow | null> {
    const { rows } = await client.query<DeliveryRow>(
      `SELECT d.enrollment_id::text AS "enrollmentId", d.node_id AS "nodeId", d.customer_id AS "customerId", d.flow_id AS "flowId", d.flow_version_id AS "flowVersionId",
              s.variant_id AS "variantId", s.experiment_key AS "experimentKey"
       FROM deliveries d
       LEFT JOIN LATERAL (
         SELECT variant_id, experiment_key FROM flow_outcomes o
         WHERE o.enrollment_id = d.enrollment_id AND o.node_id = d.node_id AND o.kind = 'sent' ORDER BY o.id DESC LIMIT 1
       ) s ON TRUE
       WHERE d.id = $1 AND d.channel = 'email'`,
      [deliveryId],
    );
    return rows[0] ?? null;
  }

  /** Inserts the outcome; false for an open this delivery already has. */
  private async insertOutcome(client: PoolClient, d: DeliveryRow, kind: TrackedKind, at: Date, detail: Record<string, unknown>): Promise<boolean> {
    const conflict = kind === 'email_opened' ? `ON CONFLICT (enrollment_id, node_id) WHERE kind = 'email_opened' DO NOTHING` : '';
    const { rowCount } = await client.query(
      `INSERT INTO flow_outcomes (enrollment_id, flow_id, flow_version_id, node_id, customer_id, kind, variant_id, experiment_key, occurred_at, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb) ${conflict}`,
      [d.enrollmentId, d.flowId, d.flowVersionId, d.nodeId, d.customerId, kind, d.variantId, d.experimentKey, at, JSON.stringify(detail)],
    );
    return (rowCount ?? 0) > 0;
  }

  private async insertEvent(client: PoolClient, customerId: number, name: TrackedKind, at: Date, properties: Record<string, unknown>, messageId: string | null, source: TrackingSource): Promise<TrackedEvent> {
    await client.query(
      `INSERT INTO events (customer_id, name, occurred_at, properties, message_id, source) VALUES ($1, $2, $3, $4::jsonb, $5, $6) ON CONFLICT DO NOTHING`,
      [customerId, name, at, JSON.stringify(properties), messageId, source],
    );
    return { customerId, name, properties, occurredAt: at };
  }
}
