// The variables a template sees, read for one real customer. Names are part of the public
// template language (README): customer, segments, score, offer, flow, variant.
import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import { ScoreReasons } from '../models/score-reasons';

export interface OfferVariable {
  code: string;
  kind: string;
  value: number;
  currency: string | null;
  /** ISO 8601 instant. */
  expiresAt: string;
  /** YYYY-MM-DD (UTC), for "valid until {{ offer.expiresOn }}". */
  expiresOn: string;
  /** "15 % off", "10 EUR off", "500 points", "free shipping". */
  description: string;
}

export interface TemplateCustomer {
  id: number;
  email: string | null;
  emailConsent: boolean;
  timeZone: string | null;
}

export interface TemplateVariables {
  customer: Record<string, unknown>;
  segments: string[];
  score: { churn: number | null; churnPercent: number | null; reasons: string[] };
  offer: OfferVariable | null;
  flow: { id: number; versionId: number; name: string | null } | null;
  variant: string | null;
}

interface OfferRow {
  code: string;
  kind: string;
  value: number;
  currency: string | null;
  expires_at: Date;
}

export function describeOffer(kind: string, value: number, currency: string | null): string {
  if (kind === 'percent') return `${value} % off`;
  if (kind === 'fixed') return `${value}${currency ? ` ${currency}` : ''} off`;
  if (kind === 'points') return `${value} points`;
  return 'free shipping';
}

export function offerVariable(row: OfferRow): OfferVariable {
  const expiresAt = row.expires_at.toISOString();
  return { code: row.code, kind: row.kind, value: row.value, currency: row.currency, expiresAt, expiresOn: expiresAt.slice(0, 10), description: describeOffer(row.kind, row.value, row.currency) };
}

@Injectable()
export class TemplateVariablesService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly scores: ScoreReasons,
  ) {}

  /** Undefined when the customer does not exist. `enrollmentId` finds the offer issued earlier in the same journey. */
  async forCustomer(
    customerId: number,
    journey: { enrollmentId?: string; flowId?: number; flowVersionId?: number; variantId?: string } = {},
  ): Promise<{ variables: TemplateVariables; customer: TemplateCustomer } | undefined> {
    const row = await this.prisma.customer.findUnique({ where: { id: customerId } });
    if (!row) return undefined;
    const pool = this.prisma.pool;
    const [segments, score, offer, flow] = await Promise.all([
      pool.query<{ name: string }>(
        `SELECT s.name FROM segment_memberships m JOIN segments s ON s.id = m.segment_id WHERE m.customer_id = $1 AND s.archived_at IS NULL ORDER BY s.name`,
        [customerId],
      ),
      // reasons are worded on first read (ScoreReasons)
      this.scores.activeScore(customerId),
      journey.enrollmentId
        ? pool.query<OfferRow>(`SELECT code, kind, value, currency, expires_at FROM offers WHERE enrollment_id = $1 ORDER BY issued_at DESC, id DESC LIMIT 1`, [journey.enrollmentId])
        : Promise.resolve({ rows: [] as OfferRow[] }),
      journey.flowId ? pool.query<{ name: string }>(`SELECT name FROM flows WHERE id = $1`, [journey.flowId]) : Promise.resolve({ rows: [] as { name: string }[] }),
    ]);
    const [firstName, ...rest] = (row.name ?? '').trim().split(/\s+/);
    const churn = score?.score ?? null;
    const variables: TemplateVariables = {
      customer: {
        id: row.id,
        externalId: row.externalId,
        email: row.email,
        name: row.name,
        firstName: firstName || null,
        lastName: rest.length ? rest.join(' ') : null,
        age: row.age,
        country: row.country,
        city: row.city,
        occupation: row.occupation,
        plan: row.plan,
        signupAt: row.signupAt?.toISOString() ?? null,
        timeZone: row.timeZone,
        emailConsent: row.emailConsent,
        attributes: row.attributes ?? {},
      },
      segments: segments.rows.map((s) => s.name),
      score: {
        churn: churn === null ? null : Math.round(churn * 1000) / 1000,
        churnPercent: churn === null ? null : Math.round(churn * 100),
        reasons: (score?.reasons ?? []).map((r) => r.text ?? '').filter(Boolean),
      },
      offer: offer.rows[0] ? offerVariable(offer.rows[0]) : null,
      flow: journey.flowId ? { id: journey.flowId, versionId: journey.flowVersionId ?? 0, name: flow.rows[0]?.name ?? null } : null,
      variant: journey.variantId ?? null,
    };
    return { variables, customer: { id: row.id, email: row.email, emailConsent: row.emailConsent, timeZone: row.timeZone } };
  }
}
