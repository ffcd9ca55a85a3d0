// Redemption of issued codes, by API (a shop's checkout) or by a tracked event that carries the
// code. A code is single-use: one UPDATE … WHERE redeemed_at IS NULL decides, so two checkouts
// racing with the same code cannot both win.
import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error';
import { PrismaService } from '../../database/prisma.service';
import { describeOffer } from '../../templates/template-variables.service';
import { normalizeOfferCode } from './offer-codes';

interface OfferRow {
  id: number;
  code: string;
  enrollment_id: string;
  node_id: string;
  customer_id: number;
  flow_id: number;
  flow_version_id: number;
  kind: string;
  value: number;
  currency: string | null;
  issued_at: Date;
  expires_at: Date;
  redeemed_at: Date | null;
  redemption_source: string | null;
  redemption_ref: string | null;
}

export interface OfferView {
  id: number;
  code: string;
  customerId: number;
  flowId: number;
  flowVersionId: number;
  enrollmentId: string;
  nodeId: string;
  kind: string;
  value: number;
  currency: string | null;
  description: string;
  issuedAt: Date;
  expiresAt: Date;
  status: 'active' | 'redeemed' | 'expired';
  redeemedAt: Date | null;
  redemptionSource: string | null;
  redemptionRef: string | null;
}

export function offerView(row: OfferRow, now: Date): OfferView {
  return {
    id: row.id,
    code: row.code,
    customerId: row.customer_id,
    flowId: row.flow_id,
    flowVersionId: row.flow_version_id,
    enrollmentId: String(row.enrollment_id),
    nodeId: row.node_id,
    kind: row.kind,
    value: row.value,
    currency: row.currency,
    description: describeOffer(row.kind, row.value, row.currency),
    issuedAt: row.issued_at,
    expiresAt: row.expires_at,
    status: row.redeemed_at ? 'redeemed' : row.expires_at <= now ? 'expired' : 'active',
    redeemedAt: row.redeemed_at,
    redemptionSource: row.redemption_source,
    redemptionRef: row.redemption_ref,
  };
}

export type RedemptionSource = 'api' | 'event';

@Injectable()
export class OffersService {
  constructor(private readonly prisma: PrismaService) {}

  async list(query: { customerId?: number; limit: number }): Promise<OfferView[]> {
    const { rows } = await this.prisma.pool.query<OfferRow>(
      `SELECT * FROM offers WHERE ($1::int IS NULL OR customer_id = $1) ORDER BY issued_at DESC, id DESC LIMIT $2`,
      [query.customerId ?? null, query.limit],
    );
    const now = new Date();
    return rows.map((row) => offerView(row, now));
  }

  /**
   * Marks the code used at `at`. Errors: NOT_FOUND (no such code), CONFLICT (already redeemed),
   * 410 (expired at `at`).
   */
  async redeem(code: string, source: RedemptionSource, at: Date, ref?: string): Promise<OfferView> {
    const normalized = normalizeOfferCode(code);
    const { rows } = await this.prisma.pool.query<OfferRow>(
      `UPDATE offers SET redeemed_at = $2, redemption_source = $3, redemption_ref = $4
        WHERE code = $1 AND redeemed_at IS NULL AND expires_at > $2 RETURNING *`,
      [normalized, at, source, ref ?? null],
    );
    if (rows[0]) return offerView(rows[0], at);
    const { rows: existing } = await this.prisma.pool.query<OfferRow>(`SELECT * FROM offers WHERE code = $1`, [normalized]);
    const offer = existing[0];
    if (!offer) throw new DomainError('NOT_FOUND', `Offer code ${normalized} does not exist.`);
    if (offer.redeemed_at) throw new DomainError('CONFLICT', `Offer code ${normalized} was already redeemed on ${offer.redeemed_at.toISOString()}.`);
    throw new DomainError('GONE', `Offer code ${normalized} expired on ${offer.expires_at.toISOString()}.`);
  }
}
