// The deliveries ledger (see the migration 20261201020000_channels): one row per (enrollment,
// node), inserted BEFORE the action is performed. Whoever inserts the row performs the action;
// everyone else gets `duplicate`. Raw SQL: the claim must be one INSERT … ON CONFLICT DO NOTHING.
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { PrismaService } from '../database/prisma.service';
import type { ActionContext } from './action-contract';
import type { FrequencyCap } from './guards/frequency-cap';

export type Channel = 'email' | 'offer' | 'webhook';
export type DeliveryStatus = 'sending' | 'sent' | 'failed' | 'skipped' | 'unknown';

export interface DeliveryRow {
  id: number;
  status: DeliveryStatus;
  claimedAt: Date;
}

export type ClaimResult =
  | { kind: 'claimed'; deliveryId: number }
  /** Another call holds (enrollment, node). */
  | { kind: 'duplicate'; deliveryId: number }
  /** The frequency cap was reached; a `skipped` row now holds (enrollment, node). */
  | { kind: 'capped'; deliveryId: number; recent: number };

// Statuses that count against a frequency cap: sent, or perhaps sent.
const COUNTED = `('sending', 'sent', 'unknown')`;

@Injectable()
export class DeliveriesRepository {
  constructor(private readonly prisma: PrismaService) {}

  async find(enrollmentId: string, nodeId: string): Promise<DeliveryRow | undefined> {
    const { rows } = await this.prisma.pool.query<{ id: number; status: DeliveryStatus; claimed_at: Date }>(
      `SELECT id, status, claimed_at FROM deliveries WHERE enrollment_id = $1 AND node_id = $2`,
      [enrollmentId, nodeId],
    );
    return rows[0] ? { id: rows[0].id, status: rows[0].status, claimedAt: rows[0].claimed_at } : undefined;
  }

  /**
   * Inserts the row in `status` (sending to perform now; skipped to record a refusal). With a cap,
   * the customer's recent deliveries on the channel are counted under a per-customer advisory lock,
   * so two flows sending at once cannot both slip under it.
   */
  async claim(context: ActionContext, channel: Channel, status: 'sending' | 'skipped', detail: Record<string, unknown> = {}, cap?: FrequencyCap): Promise<ClaimResult> {
    const client = await this.prisma.pool.connect();
    try {
      await client.query('BEGIN');
      let result: ClaimResult;
      if (cap && status === 'sending') {
        await client.query(`SELECT pg_advisory_xact_lock(hashtext('retain:deliveries:' || $1::text), $2::int)`, [channel, context.customerId]);
        const { rows } = await client.query<{ recent: number }>(
          `SELECT count(*)::int AS recent FROM deliveries
            WHERE customer_id = $1 AND channel = $2 AND status IN ${COUNTED} AND created_at > $3 AND created_at <= $4`,
          [context.customerId, channel, new Date(context.now.getTime() - cap.windowMs), context.now],
        );
        const recent = rows[0].recent;
        if (recent >= cap.count) {
          const skipped = await this.insert(client, context, channel, 'skipped', { reason: 'frequency-cap', cap: cap.text, recent });
          result = skipped === undefined ? await this.duplicateOf(client, context) : { kind: 'capped', deliveryId: skipped, recent };
        } else {
          result = await this.insertOrDuplicate(client, context, channel, status, detail);
        }
      } else {
        result = await this.insertOrDuplicate(client, context, channel, status, detail);
      }
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Records how it ended. Only a `sending` row changes: a finished delivery is never rewritten. */
  async finish(deliveryId: number, status: 'sent' | 'failed' | 'unknown', attempts: number, detail: Record<string, unknown>, sentAt?: Date): Promise<void> {
    await this.prisma.pool.query(
      `UPDATE deliveries SET status = $2, attempts = $3, detail = detail || $4::jsonb, sent_at = $5 WHERE id = $1 AND status = 'sending'`,
      [deliveryId, status, attempts, JSON.stringify(detail), sentAt ?? null],
    );
  }

  /**
   * `sending` rows claimed longer ago than `olderThanMs` (wall clock): the process died between
   * the claim and recording the result. Whether the message left is unknown; it is never resent.
   */
  async markStaleAsUnknown(olderThanMs: number): Promise<number> {
    const { rowCount } = await this.prisma.pool.query(
      `UPDATE deliveries SET status = 'unknown', detail = detail || '{"reason":"the engine stopped while performing it; not retried"}'::jsonb
        WHERE status = 'sending' AND claimed_at < now() - ($1::double precision * interval '1 millisecond')`,
      [olderThanMs],
    );
    return rowCount ?? 0;
  }

  /** Runs `work` in one transaction with the claim: for actions that are only database writes (offers). */
  async claimAndPerform<T>(context: ActionContext, channel: Channel, work: (client: PoolClient, deliveryId: number) => Promise<{ detail: Record<string, unknown>; value: T }>): Promise<{ kind: 'done'; deliveryId: number; value: T } | { kind: 'duplicate'; deliveryId: number }> {
    const client = await this.prisma.pool.connect();
    try {
      await client.query('BEGIN');
      const claimed = await this.insertOrDuplicate(client, context, channel, 'sending', {});
      if (claimed.kind !== 'claimed') {
        await client.query('ROLLBACK');
        return { kind: 'duplicate', deliveryId: claimed.deliveryId };
      }
      const { detail, value } = await work(client, claimed.deliveryId);
      await client.query(`UPDATE deliveries SET status = 'sent', attempts = 1, detail = $2::jsonb, sent_at = $3 WHERE id = $1`, [claimed.deliveryId, JSON.stringify(detail), context.now]);
      await client.query('COMMIT');
      return { kind: 'done', deliveryId: claimed.deliveryId, value };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async insertOrDuplicate(client: PoolClient, context: ActionContext, channel: Channel, status: DeliveryStatus, detail: Record<string, unknown>): Promise<ClaimResult> {
    const id = await this.insert(client, context, channel, status, detail);
    return id === undefined ? this.duplicateOf(client, context) : { kind: 'claimed', deliveryId: id };
  }

  private async insert(client: PoolClient, context: ActionContext, channel: Channel, status: DeliveryStatus, detail: Record<string, unknown>): Promise<number | undefined> {
    const { rows } = await client.query<{ id: number }>(
      `INSERT INTO deliveries (enrollment_id, node_id, customer_id, flow_id, flow_version_id, channel, status, detail, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9)
       ON CONFLICT (enrollment_id, node_id) DO NOTHING RETURNING id`,
      [context.enrollmentId, context.nodeId, context.customerId, context.flowId, context.flowVersionId, channel, status, JSON.stringify(detail), context.now],
    );
    return rows[0]?.id;
  }

  private async duplicateOf(client: PoolClient, context: ActionContext): Promise<ClaimResult> {
    // The conflicting row was committed by another transaction (ON CONFLICT waited for it), so it is visible here.
    const { rows } = await client.query<{ id: number }>(`SELECT id FROM deliveries WHERE enrollment_id = $1 AND node_id = $2`, [context.enrollmentId, context.nodeId]);
    return { kind: 'duplicate', deliveryId: rows[0].id };
  }
}
