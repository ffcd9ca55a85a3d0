import { Injectable } from '@nestjs/common';
import { type CopyColumn, idRange, stageRows, type StagingTable } from '../analytics/copy-binary';
import { inLanes } from '../common/async/in-lanes';
import { PrismaService } from '../database/prisma.service';
import { inPoolTransaction } from '../ingest/pg-transaction';
import type { StoredReason } from './churn-reasons';

/** Customers per part: scored in Node while PostgreSQL upserts the part before. */
const PART_ROWS = 100_000;
/** Parts being written at once (each on its own connection). */
const PARALLEL_WRITERS = 2;

const STAGING: StagingTable = { name: 'scores_in', columns: 'id int, score float8, reasons text' };
// without reasons: NULL (worded on read); a re-scoring resets reasons worded for the old score
const INSERT = `
  INSERT INTO customer_scores (customer_id, model_version_id, score, reasons, scored_at)
  SELECT u.id, $1::int, u.score, u.reasons::jsonb, now() FROM scores_in u JOIN customers c ON c.id = u.id AND c.id BETWEEN $2::int AND $3::int`;
const UPSERT = `${INSERT}
  ON CONFLICT (customer_id, model_version_id) DO UPDATE SET score = EXCLUDED.score, reasons = EXCLUDED.reasons, scored_at = EXCLUDED.scored_at`;

/** Scores (and optionally reasons) of customers from ≤ i < to. */
export type ScorePart = (from: number, to: number) => { scores: Float64Array; reasons?: StoredReason[][] };

/**
 * Bulk upsert of customer_scores (score and reasons per customer for one model version), part by
 * part: each part is copied into a staging table (binary COPY) and upserted from there, while the
 * next part is being scored. No foreign keys (migration 20261201040000): the join with customers
 * skips customers deleted since the dataset was read; deleting customers or model versions deletes
 * their scores (triggers).
 */
@Injectable()
export class ScoreWriter {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * `score(from, to)` runs in Node between writes; a part without reasons stores NULL (worded on
   * first read, ScoreReasons). `fresh`: nothing has scored this version yet (the run that created
   * it scores it first), so rows are inserted without looking for existing ones (a fifth less
   * PostgreSQL time than an upsert).
   */
  async write(modelVersionId: number, customerIds: Int32Array, score: ScorePart, { fresh = false }: { fresh?: boolean } = {}): Promise<void> {
    // a lane scores its part (synchronously) and then writes it: the other lane's write runs meanwhile
    await inLanes(Math.ceil(customerIds.length / PART_ROWS), PARALLEL_WRITERS, (part) => {
      const from = part * PART_ROWS;
      const to = Math.min(customerIds.length, from + PART_ROWS);
      return this.writePart(modelVersionId, customerIds.subarray(from, to), score(from, to), fresh ? INSERT : UPSERT);
    });
  }

  private async writePart(modelVersionId: number, customerIds: Int32Array, part: ReturnType<ScorePart>, statement: string): Promise<void> {
    const columns: CopyColumn[] = [
      { type: 'int4', values: customerIds },
      { type: 'float8', values: part.scores },
      { type: 'text', values: part.reasons ? part.reasons.map((list) => JSON.stringify(list)) : new Array<null>(customerIds.length).fill(null) },
    ];
    // the part's id range: PostgreSQL reads only those customers for the join, not all of them per part
    const [low, high] = idRange(customerIds);
    await inPoolTransaction(this.prisma.pool, async (client) => {
      await stageRows(client, STAGING, columns, 0, customerIds.length);
      await client.query(statement, [modelVersionId, low, high]);
    });
  }

  /** Scores of versions that are no longer active for this population: the table holds current scores. */
  async deleteInactive(population: string): Promise<void> {
    await this.prisma.$executeRaw`
      DELETE FROM customer_scores s USING model_versions v
       WHERE v.id = s.model_version_id AND v.kind = 'churn' AND v.status <> 'active' AND v.data_window->>'population' = ${population}`;
  }
}
