import { Injectable } from '@nestjs/common';
import type { FeatureImpact, FeatureImportance, TypicalValues } from '@retain/segmentation';
import { CustomerDataLoader } from '../analytics/customer-data-loader';
import { featuresFrom } from '../analytics/facts-pipeline.service';
import { PrismaService } from '../database/prisma.service';
import { churnReasons, type StoredReason } from './churn-reasons';

/**
 * What wording a customer's churn reasons needs besides their own features, kept on the model
 * version by the latest scoring of the transactions population (model_versions.reasons_context).
 */
export interface ReasonsContext {
  /** The instant the scored features were computed as of. */
  asOf: string;
  /** Numeric model inputs, in the order the scoring read them. */
  numeric: string[];
  /** Inputs that are not customer features, with the value scoring gave every customer (`treated`: 0). */
  constants: Record<string, number>;
  typical: TypicalValues;
  impacts: FeatureImpact[];
  importances: FeatureImportance[];
  currency: string;
  breadthUnit?: [string, string];
}

export interface ActiveScore {
  customerId: number;
  modelVersionId: number;
  score: number;
  reasons: StoredReason[];
  scoredAt: Date;
}

/** A customer's latest active churn score as stored; `context` only where its reasons still need wording. */
export interface StoredScore {
  modelVersionId: number;
  score: number;
  reasons: StoredReason[] | null;
  scoredAt: Date;
  context: ReasonsContext | null;
}

/**
 * A LATERAL subquery (columns of StoredScore) giving the score of the customer `customerId` (an SQL
 * expression) from the active churn model that scored them last; no row when none covers them.
 */
export function activeScoreOf(customerId: string): string {
  return `LATERAL (SELECT cs.model_version_id AS "modelVersionId", cs.score, cs.reasons, cs.scored_at AS "scoredAt",
                          CASE WHEN cs.reasons IS NULL THEN mv.reasons_context END AS context
                     FROM customer_scores cs JOIN model_versions mv ON mv.id = cs.model_version_id
                    WHERE cs.customer_id = ${customerId} AND mv.kind = 'churn' AND mv.status = 'active'
                    ORDER BY cs.scored_at DESC, mv.id DESC LIMIT 1)`;
}

/**
 * Churn reasons in words on read. Scoring a million customers stores only their scores (reasons
 * NULL); the first read of a customer's score words their reasons from their features as of the
 * scoring's instant (one customer's transactions and events) and stores them, so later reads and
 * template renders find them. A re-scoring resets them to NULL (the features moved on).
 */
@Injectable()
export class ScoreReasons {
  constructor(
    private readonly prisma: PrismaService,
    private readonly loader: CustomerDataLoader,
  ) {}

  /** The customer's score from the active churn model that scored them last, with reasons; null when none covers them. */
  async activeScore(customerId: number): Promise<ActiveScore | null> {
    const { rows } = await this.prisma.pool.query<StoredScore>(`SELECT s.* FROM ${activeScoreOf('$1::int')} s`, [customerId]);
    return rows[0] ? this.withReasons(customerId, rows[0]) : null;
  }

  /** A score as read by activeScoreOf, its reasons worded (and kept) if they were not yet. */
  async withReasons(customerId: number, row: StoredScore): Promise<ActiveScore> {
    const reasons = row.reasons ?? (await this.wordAndStore(customerId, row.modelVersionId, row.scoredAt, row.context));
    return { customerId, modelVersionId: row.modelVersionId, score: row.score, reasons, scoredAt: row.scoredAt };
  }

  /** Words the reasons from the customer's features as of the scoring, and keeps them unless the customer was re-scored meanwhile. */
  private async wordAndStore(customerId: number, modelVersionId: number, scoredAt: Date, context: ReasonsContext | null): Promise<StoredReason[]> {
    if (!context) return [];
    const reasons = await this.word(customerId, context);
    await this.prisma.pool.query('UPDATE customer_scores SET reasons = $4::jsonb WHERE customer_id = $1 AND model_version_id = $2 AND scored_at = $3 AND reasons IS NULL', [
      customerId,
      modelVersionId,
      scoredAt,
      JSON.stringify(reasons),
    ]);
    return reasons;
  }

  /** The reasons of one customer exactly as the scoring would have worded them (same features, same context). */
  async word(customerId: number, context: ReasonsContext): Promise<StoredReason[]> {
    const data = await this.loader.load([customerId]);
    const c = data.customers.indexOf(customerId);
    if (c < 0) return [];
    const features = featuresFrom(data, Date.parse(context.asOf));
    const numeric: Record<string, number> = {};
    for (const name of context.numeric) numeric[name] = name in context.constants ? context.constants[name] : features.columns[name as keyof typeof features.columns][c];
    return churnReasons(numeric, null, { ...context, rates: null });
  }
}
