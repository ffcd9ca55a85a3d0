// The deliveries ledger (see the migration 20261201020000_channels): one row per (enrollment,
// node), inserted BEFORE the action is performed. Whoever inserts the row performs the action;
// everyone else gets `duplicate`. Raw SQL: the claim must be one INSERT … ON CONFLICT DO NOTHING.
import { Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { prepared } from '../database/prepared';
import { PrismaService } from '../database/prisma.service';
import { inPoolTransaction } from '../ingest/pg-transaction';
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

/** How one delivery of a batch ended (finishMany). */
export interface DeliveryFinish {
  deliveryId: number;
  status: 'sent' | 'failed' | 'unknown';
  attempts: number;
  detail: Record<string, unknown>;
  sentAt?: Date;
}

/** (enrollment, node) as one string key. */
export const deliveryKey = (enrollmentId: string, nodeId: string) => `${enrollmentId}:${nodeId}`;

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

  /** The existing rows of these (enrollment, node) pairs, by deliveryKey: one query for a whole step batch. */
  async findMany(contexts: readonly ActionContext[]): Promise<Map<string, DeliveryRow>> {
    const found = new Map<string, DeliveryRow>();
    if (!contexts.length) return found;
    const { rows } = await this.prisma.pool.query<{ enrollment_id: string; node_id: string; id: number; status: DeliveryStatus; claimed_at: Date }>(
      `SELECT d.enrollment_id::text AS enrollment_id, d.node_id, d.id, d.status, d.claimed_at
         FROM deliveries d JOIN unnest($1::bigint[], $2::text[]) AS k(e, n) ON d.enrollment_id = k.e AND d.node_id = k.n`,
      [contexts.map((c) => c.enrollmentId), contexts.map((c) => c.nodeId)],
    );
    for (const row of rows) found.set(deliveryKey(row.enrollment_id, row.node_id), { id: row.id, status: row.status, claimedAt: row.claimed_at });
    return found;
  }

  /**
   * Claims many (enrollment, node) pairs in one INSERT … ON CONFLICT DO NOTHING (no frequency
   * cap: webhooks and offers have none). The same guarantee as `claim`: only the statement that
   * inserted a row acts on it. Results in the order of `contexts`. On `db` (a client in the
   * caller's transaction, for offers) or the pool (the claim commits at once).
   */
  async claimMany(contexts: readonly ActionContext[], channel: Channel, details: readonly Record<string, unknown>[], db: Pool | PoolClient = this.prisma.pool): Promise<ClaimResult[]> {
    if (!contexts.length) return [];
    const { rows } = await db.query<{ id: number; enrollment_id: string; node_id: string }>(
      prepared(`INSERT INTO deliveries (enrollment_id, node_id, customer_id, flow_id, flow_version_id, channel, status, detail, created_at)
       SELECT e, n, c, f, v, $6, 'sending', d::jsonb, t FROM unnest($1::bigint[], $2::text[], $3::int[], $4::int[], $5::int[], $7::text[], $8::timestamptz[]) AS u(e, n, c, f, v, d, t)
       ON CONFLICT (enrollment_id, node_id) DO NOTHING RETURNING id, enrollment_id::text AS enrollment_id, node_id`,
      [
        contexts.map((c) => c.enrollmentId),
        contexts.map((c) => c.nodeId),
        contexts.map((c) => c.customerId),
        contexts.map((c) => c.flowId),
        contexts.map((c) => c.flowVersionId),
        channel,
        details.map((d) => JSON.stringify(d)),
        contexts.map((c) => c.now.toISOString()),
      ]),
    );
    const claimed = new Map(rows.map((row) => [deliveryKey(row.enrollment_id, row.node_id), row.id]));
    const others = contexts.filter((c) => !claimed.has(deliveryKey(c.enrollmentId, c.nodeId)));
    // the conflicting rows were committed by other transactions (ON CONFLICT waited for them), so they are visible here
    const existing = new Map<string, number>();
    if (others.length) {
      const { rows: found } = await db.query<{ id: number; enrollment_id: string; node_id: string }>(
        `SELECT d.id, d.enrollment_id::text AS enrollment_id, d.node_id FROM deliveries d JOIN unnest($1::bigint[], $2::text[]) AS k(e, n) ON d.enrollment_id = k.e AND d.node_id = k.n`,
        [others.map((c) => c.enrollmentId), others.map((c) => c.nodeId)],
      );
      for (const row of found) existing.set(deliveryKey(row.enrollment_id, row.node_id), row.id);
    }
    return contexts.map((c) => {
      const key = deliveryKey(c.enrollmentId, c.nodeId);
      const id = claimed.get(key);
      return id !== undefined ? { kind: 'claimed', deliveryId: id } : { kind: 'duplicate', deliveryId: existing.get(key)! };
    });
  }

  /** `finish` for many deliveries in one statement; only `sending` rows change. */
  async finishMany(finishes: readonly DeliveryFinish[], db: Pool | PoolClient = this.prisma.pool): Promise<void> {
    if (!finishes.length) return;
    await db.query(
      `UPDATE deliveries d SET status = u.s, attempts = u.a, detail = d.detail || u.d::jsonb, sent_at = u.t
         FROM unnest($1::int[], $2::text[], $3::int[], $4::text[], $5::timestamptz[]) AS u(id, s, a, d, t)
        WHERE d.id = u.id AND d.status = 'sending'`,
      [finishes.map((f) => f.deliveryId), finishes.map((f) => f.status), finishes.map((f) => f.attempts), finishes.map((f) => JSON.stringify(f.detail)), finishes.map((f) => f.sentAt?.toISOString() ?? null)],
    );
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

  /** `work` in one transaction on a pooled connection (bulk claims that must commit with other writes: offers). */
  transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    return inPoolTransaction(this.prisma.pool, work);
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
