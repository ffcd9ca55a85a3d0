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

/** Whose variables to read: a customer, and the journey step the template renders in (if any). */
export interface VariablesRequest {
  customerId: number;
  /** `enrollmentId` finds the offer issued earlier in the same journey. */
  journey?: { enrollmentId?: string; flowId?: number; flowVersionId?: number; variantId?: string };
}

export interface LoadedVariables {
  variables: TemplateVariables;
  customer: TemplateCustomer;
}

interface CustomerRow {
  id: number;
  externalId: string | null;
  email: string | null;
  name: string | null;
  age: number | null;
  country: string | null;
  city: string | null;
  occupation: string | null;
  plan: string | null;
  signupAt: Date | null;
  timeZone: string | null;
  emailConsent: boolean;
  attributes: Record<string, unknown> | null;
}

@Injectable()
export class TemplateVariablesService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly scores: ScoreReasons,
  ) {}

  /** Undefined when the customer does not exist. */
  async forCustomer(customerId: number, journey: VariablesRequest['journey'] = {}): Promise<LoadedVariables | undefined> {
    return (await this.forCustomers([{ customerId, journey }]))[0];
  }

  /**
   * The variables of many renders at once (a step batch's emails or webhooks), with one query per
   * kind of variable whatever the batch's size; results in input order, undefined for a customer
   * that does not exist.
   */
  async forCustomers(requests: readonly VariablesRequest[]): Promise<(LoadedVariables | undefined)[]> {
    if (!requests.length) return [];
    const pool = this.prisma.pool;
    const customerIds = [...new Set(requests.map((r) => r.customerId))];
    const enrollmentIds = [...new Set(requests.flatMap((r) => (r.journey?.enrollmentId ? [r.journey.enrollmentId] : [])))];
    const flowIds = [...new Set(requests.flatMap((r) => (r.journey?.flowId ? [r.journey.flowId] : [])))];
    const [customers, segments, scores, offers, flows] = await Promise.all([
      pool.query<CustomerRow>(
        `SELECT id, external_id AS "externalId", email, name, age, country, city, occupation, plan, signup_at AS "signupAt", time_zone AS "timeZone",
                email_consent AS "emailConsent", attributes FROM customers WHERE id = ANY($1::int[])`,
        [customerIds],
      ),
      pool.query<{ customerId: number; name: string }>(
        `SELECT m.customer_id AS "customerId", s.name FROM segment_memberships m JOIN segments s ON s.id = m.segment_id
          WHERE m.customer_id = ANY($1::int[]) AND s.archived_at IS NULL ORDER BY s.name`,
        [customerIds],
      ),
      // reasons are worded on first read (ScoreReasons)
      this.scores.activeScores(customerIds),
      enrollmentIds.length
        ? pool.query<OfferRow & { enrollmentId: string }>(
            `SELECT DISTINCT ON (enrollment_id) enrollment_id::text AS "enrollmentId", code, kind, value, currency, expires_at FROM offers
              WHERE enrollment_id = ANY($1::bigint[]) ORDER BY enrollment_id, issued_at DESC, id DESC`,
            [enrollmentIds],
          )
        : Promise.resolve({ rows: [] as (OfferRow & { enrollmentId: string })[] }),
      flowIds.length ? pool.query<{ id: number; name: string }>(`SELECT id, name FROM flows WHERE id = ANY($1::int[])`, [flowIds]) : Promise.resolve({ rows: [] as { id: number; name: string }[] }),
    ]);
    const customerById = new Map(customers.rows.map((row) => [row.id, row]));
    const segmentsOf = new Map<number, string[]>();
    for (const { customerId, name } of segments.rows) {
      const list = segmentsOf.get(customerId);
      if (list) list.push(name);
      else segmentsOf.set(customerId, [name]);
    }
    const offerOf = new Map(offers.rows.map((row) => [row.enrollmentId, row]));
    const flowName = new Map(flows.rows.map((row) => [row.id, row.name]));
    return requests.map(({ customerId, journey = {} }) => {
      const row = customerById.get(customerId);
      if (!row) return undefined;
      const [firstName, ...rest] = (row.name ?? '').trim().split(/\s+/);
      const score = scores.get(customerId);
      const churn = score?.score ?? null;
      const offer = journey.enrollmentId ? offerOf.get(journey.enrollmentId) : undefined;
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
        segments: [...(segmentsOf.get(customerId) ?? [])],
        score: {
          churn: churn === null ? null : Math.round(churn * 1000) / 1000,
          churnPercent: churn === null ? null : Math.round(churn * 100),
          reasons: (score?.reasons ?? []).map((r) => r.text ?? '').filter(Boolean),
        },
        offer: offer ? offerVariable(offer) : null,
        flow: journey.flowId ? { id: journey.flowId, versionId: journey.flowVersionId ?? 0, name: flowName.get(journey.flowId) ?? null } : null,
        variant: journey.variantId ?? null,
      };
      return { variables, customer: { id: row.id, email: row.email, emailConsent: row.emailConsent, timeZone: row.timeZone } };
    });
  }
}
