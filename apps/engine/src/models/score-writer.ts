import { Injectable } from '@nestjs/common';
import { numberArrayLiteral, intArrayLiteral } from '../analytics/binary-records';
import { PrismaService } from '../database/prisma.service';
import type { StoredReason } from './churn-reasons';

const ROWS_PER_STATEMENT = 20_000;
const PARALLEL_WRITERS = 2;

/**
 * Bulk upsert of customer_scores (score and reasons per customer for one model version). No
 * foreign keys (migration 20261201040000): the join with customers skips customers deleted since
 * the dataset was read; deleting customers or model versions deletes their scores (triggers).
 */
@Injectable()
export class ScoreWriter {
  constructor(private readonly prisma: PrismaService) {}

  /** `reasons` null: stored NULL, worded on first read (ScoreReasons). */
  async write(modelVersionId: number, customerIds: Int32Array, scores: Float64Array, reasons: ((from: number, to: number) => StoredReason[][]) | null): Promise<void> {
    // without reasons: NULL (worded on read); a re-scoring resets reasons worded for the old score
    const sql = reasons
      ? `INSERT INTO customer_scores (customer_id, model_version_id, score, reasons, scored_at)
         SELECT u.id, $1::int, u.score, u.reasons::jsonb, now() FROM unnest($2::int[], $3::float8[], $4::text[]) AS u(id, score, reasons)
           JOIN customers c ON c.id = u.id
         ON CONFLICT (customer_id, model_version_id) DO UPDATE SET score = EXCLUDED.score, reasons = EXCLUDED.reasons, scored_at = EXCLUDED.scored_at`
      : `INSERT INTO customer_scores (customer_id, model_version_id, score, reasons, scored_at)
         SELECT u.id, $1::int, u.score, NULL, now() FROM unnest($2::int[], $3::float8[]) AS u(id, score)
           JOIN customers c ON c.id = u.id
         ON CONFLICT (customer_id, model_version_id) DO UPDATE SET score = EXCLUDED.score, reasons = NULL, scored_at = EXCLUDED.scored_at`;
    let next = 0;
    const total = customerIds.length;
    const worker = async () => {
      while (next < total) {
        const from = next;
        const to = Math.min(total, from + ROWS_PER_STATEMENT);
        next = to;
        const params: unknown[] = [modelVersionId, intArrayLiteral(customerIds, from, to), numberArrayLiteral(scores, from, to, 6)];
        if (reasons) params.push(reasons(from, to).map((list) => JSON.stringify(list)));
        await this.prisma.pool.query(sql, params);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_WRITERS }, worker));
  }

  /** Scores of versions that are no longer active for this population: the table holds current scores. */
  async deleteInactive(population: string): Promise<void> {
    await this.prisma.$executeRaw`
      DELETE FROM customer_scores s USING model_versions v
       WHERE v.id = s.model_version_id AND v.kind = 'churn' AND v.status <> 'active' AND v.data_window->>'population' = ${population}`;
  }
}
