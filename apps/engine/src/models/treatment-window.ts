// Feedback from the flows into churn training (issue 6, section 5). A flow acts on a customer while
// they are in it; when that overlaps the label window [cutoff, horizon end), the label ("did they
// buy?") is partly the flow's doing. Such customers get `treated` = 1 in their training row, held-out
// and never-enrolled customers 0, so the model tells "retained because treated" from "retained anyway".
// Scoring sets `treated` = 0: the score is the risk if nothing is done, what a risk threshold should read.
import type { PrismaService } from '../database/prisma.service';

export const TREATED_COLUMN = 'treated';

export interface TreatmentWindow {
  /** Customers in a flow (not held out) at some time in the label window. */
  treated: Set<number>;
  /** Customers a flow held out on entry in the label window, and treated by none (the untreated comparison group). */
  heldOut: Set<number>;
}

export async function treatmentInWindow(prisma: PrismaService, cutoff: number, horizonEnd: number): Promise<TreatmentWindow> {
  const { rows } = await prisma.pool.query<{ customerId: number; heldOut: boolean }>(
    // treated: in a flow at some time in the window (entered before its end, not finished before its
    // start). Held out (finished at entry, never in the flow): entered before the window's end and at
    // most one horizon before its start, like the treated customers they are compared with.
    `SELECT customer_id AS "customerId", bool_and(status = 'held-out') AS "heldOut" FROM enrollments
      WHERE entered_at < $2 AND (CASE WHEN status = 'held-out' THEN entered_at >= $1::timestamptz - ($2::timestamptz - $1::timestamptz) ELSE finished_at IS NULL OR finished_at >= $1 END)
      GROUP BY customer_id`,
    [new Date(cutoff), new Date(horizonEnd)],
  );
  const window: TreatmentWindow = { treated: new Set(), heldOut: new Set() };
  for (const row of rows) (row.heldOut ? window.heldOut : window.treated).add(row.customerId);
  return window;
}
