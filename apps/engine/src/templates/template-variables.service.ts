// The variables a template sees, read for one real customer. Names are part of the public
// template language (README): customer, segments, score, offer, flow, variant.
import { Injectable, Logger } from '@nestjs/common';
import { inLanes } from '../common/async/in-lanes';
import { CUSTOMER_FEATURE_NAMES } from '@retain/segmentation';
import { FEATURE_COLUMN } from '../analytics/feature-columns';
import { PrismaService } from '../database/prisma.service';
import { activeScoreOf, ScoreReasons, type ActiveScore, type StoredScore } from '../models/score-reasons';

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

/** One request's row: the customer, their segments and score, the journey's offer and flow name. */
interface RequestRow {
  /** The request's position, from 1. */
  i: number;
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
  segments: string[];
  /** StoredScore as JSON (scoredAt a string), or null. */
  score: (Omit<StoredScore, 'scoredAt'> & { scoredAt: string }) | null;
  /** Null without a customer_facts row. */
  factsAsOf: Date | null;
  rfmRecency: number | null;
  rfmFrequency: number | null;
  rfmMonetary: number | null;
  rfmSegment: string | null;
  offerCode: string | null;
  offerKind: string | null;
  offerValue: number | null;
  offerCurrency: string | null;
  offerExpiresAt: Date | null;
  flowName: string | null;
}

/** Each feature's column, selected as "feature.<name>" (see factsOf). */
const FEATURE_SELECT = CUSTOMER_FEATURE_NAMES.map((name) => `cf.${FEATURE_COLUMN[name]} AS "feature.${name}"`).join(', ');

/**
 * `customer.features` (each feature as of `customer.factsAsOf`; a value that is not a finite
 * number is null) and `customer.rfm` (the 1–5 scores and the named segment), both null for a
 * customer without facts (none computed yet, or no data to compute them from); `rfm` is also null
 * for a customer without an RFM cell.
 */
function factsOf(row: RequestRow): { factsAsOf: string | null; features: Record<string, number | null> | null; rfm: Record<string, number | string | null> | null } {
  if (row.factsAsOf === null) return { factsAsOf: null, features: null, rfm: null };
  const values = row as unknown as Record<string, unknown>;
  const features = Object.fromEntries(
    CUSTOMER_FEATURE_NAMES.map((name) => {
      const value = values[`feature.${name}`];
      return [name, typeof value === 'number' && Number.isFinite(value) ? value : null];
    }),
  );
  // a customer without valid purchases has no RFM cell: null, not an object of nulls (truthy in Liquid)
  const rfm = row.rfmRecency === null ? null : { recency: row.rfmRecency, frequency: row.rfmFrequency, monetary: row.rfmMonetary, segment: row.rfmSegment };
  return { factsAsOf: row.factsAsOf.toISOString(), features, rfm };
}

/** Customers whose churn reasons are worded at once (each holds a connection while it reads). */
const WORDING_LANES = 4;

@Injectable()
export class TemplateVariablesService {
  private readonly logger = new Logger('Templates');

  constructor(
    private readonly prisma: PrismaService,
    private readonly scores: ScoreReasons,
  ) {}

  /** Undefined when the customer does not exist. */
  async forCustomer(customerId: number, journey: VariablesRequest['journey'] = {}): Promise<LoadedVariables | undefined> {
    return (await this.forCustomers([{ customerId, journey }]))[0];
  }

  /**
   * Each customer's score with its reasons. Reasons not yet worded (first read after a scoring) are
   * worded a few customers at a time, each on its own connection; one that cannot be worded now
   * renders without reasons (logged) rather than failing the batch's sends.
   */
  private async scoresWithReasons(rows: readonly RequestRow[]): Promise<Map<number, ActiveScore>> {
    const stored = new Map<number, StoredScore>();
    for (const row of rows) if (row.score && !stored.has(row.id)) stored.set(row.id, { ...row.score, scoredAt: new Date(row.score.scoredAt) });
    const ids = [...stored.keys()];
    const worded = await inLanes(ids.length, WORDING_LANES, (k) => {
      const score = stored.get(ids[k])!;
      return this.scores.withReasons(ids[k], score).catch((error: Error) => {
        this.logger.warn(`The churn reasons of customer ${ids[k]} could not be worded now (${error.message}); the template renders without them.`);
        return { customerId: ids[k], modelVersionId: score.modelVersionId, score: score.score, reasons: [], scoredAt: score.scoredAt };
      });
    });
    return new Map(worded.map((score) => [score.customerId, score]));
  }

  /**
   * The variables of many renders at once (a step batch's emails or webhooks) with one statement
   * whatever the batch's size; results in input order, undefined for a customer that does not exist.
   */
  async forCustomers(requests: readonly VariablesRequest[]): Promise<(LoadedVariables | undefined)[]> {
    if (!requests.length) return [];
    // one statement, one row per request: a batch of renders costs one round trip
    const { rows } = await this.prisma.pool.query<RequestRow>(
      `SELECT r.i::int AS i, c.id, c.external_id AS "externalId", c.email, c.name, c.age, c.country, c.city, c.occupation, c.plan, c.signup_at AS "signupAt",
              c.time_zone AS "timeZone", c.email_consent AS "emailConsent", c.attributes,
              coalesce((SELECT array_agg(s.name ORDER BY s.name) FROM segment_memberships m JOIN segments s ON s.id = m.segment_id
                         WHERE m.customer_id = c.id AND s.archived_at IS NULL), '{}') AS segments,
              to_jsonb(sc) AS score, o.code AS "offerCode", o.kind AS "offerKind", o.value AS "offerValue", o.currency AS "offerCurrency",
              o.expires_at AS "offerExpiresAt", f.name AS "flowName",
              cf.as_of AS "factsAsOf", cf.recency_score AS "rfmRecency", cf.frequency_score AS "rfmFrequency", cf.monetary_score AS "rfmMonetary",
              cf.rfm_segment AS "rfmSegment", ${FEATURE_SELECT}
         FROM unnest($1::int[], $2::bigint[], $3::int[]) WITH ORDINALITY AS r(customer_id, enrollment_id, flow_id, i)
         JOIN customers c ON c.id = r.customer_id
         LEFT JOIN customer_facts cf ON cf.customer_id = c.id
         LEFT JOIN ${activeScoreOf('c.id')} sc ON true
         LEFT JOIN LATERAL (SELECT code, kind, value, currency, expires_at FROM offers WHERE enrollment_id = r.enrollment_id
                             ORDER BY issued_at DESC, id DESC LIMIT 1) o ON true
         LEFT JOIN flows f ON f.id = r.flow_id`,
      [requests.map((r) => r.customerId), requests.map((r) => r.journey?.enrollmentId ?? null), requests.map((r) => r.journey?.flowId ?? null)],
    );
    const byRequest = new Map(rows.map((row) => [row.i - 1, row]));
    const scoreOf = await this.scoresWithReasons(rows);
    return requests.map(({ journey = {} }, index) => {
      const row = byRequest.get(index);
      if (!row) return undefined;
      const [firstName, ...rest] = (row.name ?? '').trim().split(/\s+/);
      const score = scoreOf.get(row.id);
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
          ...factsOf(row),
        },
        segments: row.segments,
        score: {
          churn: churn === null ? null : Math.round(churn * 1000) / 1000,
          churnPercent: churn === null ? null : Math.round(churn * 100),
          reasons: (score?.reasons ?? []).map((r) => r.text ?? '').filter(Boolean),
        },
        offer:
          row.offerCode !== null && row.offerExpiresAt !== null
            ? offerVariable({ code: row.offerCode, kind: row.offerKind!, value: row.offerValue!, currency: row.offerCurrency, expires_at: row.offerExpiresAt })
            : null,
        flow: journey.flowId ? { id: journey.flowId, versionId: journey.flowVersionId ?? 0, name: row.flowName } : null,
        variant: journey.variantId ?? null,
      };
      return { variables, customer: { id: row.id, email: row.email, emailConsent: row.emailConsent, timeZone: row.timeZone } };
    });
  }
}
